package dev.tenantpool.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.CircuitState;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * The breaker the router consults on every borrow: Resilience4j's semantics, with Resilience4j
 * created only by the first outcome that is not a fast success. What the router relies on: a new
 * tenant's fast successes are counted (and judged with the failures that follow), a clean window
 * is declared only when it is full of fast successes, and no failure is ever hidden by it.
 */
class TenantBreakerTest {
  private static final long FAST = 1_000; // nanoseconds
  private static final SQLException DOWN = new SQLException("connection refused", "08001");

  // 50 % of the last 10 calls, judged from 10 calls on; no slow-call judgement.
  private static BreakerSettings settings() {
    return new BreakerSettings(true, 50, 10, 10, 60_000, 1, 0);
  }

  private static TenantBreaker breaker(List<String> transitions) {
    return new TenantBreaker("acme", settings(), false, (tenant, from, to) -> transitions.add(from + "->" + to));
  }

  @Test
  void aNewTenantsFastSuccessesAreCountedUntilTheWindowIsFull() {
    TenantBreaker breaker = breaker(new ArrayList<>());
    assertThat(breaker.onlyFastSuccesses()).isTrue();
    for (int i = 0; i < 9; i++) {
      breaker.onSuccess(FAST);
      assertThat(breaker.isClean()).as("after %d successes", i + 1).isFalse();
    }
    breaker.onSuccess(FAST);
    assertThat(breaker.isClean()).as("a window full of fast successes").isTrue();
    assertThat(breaker.onlyFastSuccesses()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void successesCountedBeforeTheFirstFailureAreJudgedWithIt() throws Exception {
    List<String> transitions = new ArrayList<>();
    TenantBreaker breaker = breaker(transitions);
    for (int i = 0; i < 6; i++) {
      breaker.onSuccess(FAST);
    }
    for (int i = 0; i < 4; i++) {
      breaker.acquirePermission();
      breaker.onBorrowFailure(FAST, DOWN, true);
    }
    assertThat(breaker.onlyFastSuccesses()).isFalse();
    assertThat(breaker.isClean()).isFalse();
    // 4 failures in 10 calls: below 50 %. Had the 6 successes been lost, the window would not be
    // judged yet either; the next failure tells the two apart.
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    breaker.acquirePermission();
    breaker.onBorrowFailure(FAST, DOWN, true);
    assertThat(breaker.state()).as("5 failures in the last 10 calls").isEqualTo(CircuitState.OPEN);
    assertThat(transitions).containsExactly("CLOSED->OPEN");
    assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitOpenException.class)
        .hasMessageContaining("circuit open for tenant acme since")
        .hasMessageContaining("(5 of 10 calls failed); next probe in 60 s")
        .hasCauseInstanceOf(CallNotPermittedException.class);
  }

  @Test
  void aFailureIsNeverHiddenByACleanWindowDeclaredAtTheSameTime() throws Exception {
    // One thread fills the window with fast successes while another records a failure: whatever
    // the interleaving, once both are done the window is not clean (the failure is in it).
    for (int round = 0; round < 2_000; round++) {
      TenantBreaker breaker = breaker(new ArrayList<>());
      for (int i = 0; i < 9; i++) {
        breaker.onSuccess(FAST);
      }
      CyclicBarrier start = new CyclicBarrier(2);
      Thread failing = new Thread(() -> {
        await(start);
        breaker.onBorrowFailure(FAST, DOWN, true);
      });
      failing.start();
      await(start);
      breaker.onSuccess(FAST);
      breaker.onSuccess(FAST);
      failing.join();
      assertThat(breaker.isClean()).as("round %d", round).isFalse();
      assertThat(breaker.onlyFastSuccesses()).isFalse();
    }
  }

  @Test
  void aSlowSuccessIsRecordedEvenInACleanWindow() {
    BreakerSettings slowJudged = new BreakerSettings(true, 50, 10, 10, 60_000, 1, 5);
    TenantBreaker breaker = new TenantBreaker("acme", slowJudged, false, (tenant, from, to) -> { });
    for (int i = 0; i < 10; i++) {
      breaker.onSuccess(FAST);
    }
    assertThat(breaker.isClean()).isTrue();
    long slow = 6_000_000;
    assertThat(breaker.isSlow(slow)).isTrue();
    breaker.onSuccess(slow);
    assertThat(breaker.isClean()).isFalse();
    assertThat(breaker.onlyFastSuccesses()).isFalse();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
