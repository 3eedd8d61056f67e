package dev.tenantpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cluster share's budget: grows at once, shrinks as its connections close, never below what is out. */
class ConnectionBudgetResizeTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger reclaims = new AtomicInteger();
  private final ConnectionBudget budget = new ConnectionBudget("db:5432", 0, (server, tenant) -> {
    reclaims.incrementAndGet();
    return false;
  }, scheduler);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aShareStartsEmptyAndGrowsForWaiters() throws Exception {
    assertThat(budget.tryAcquireNow()).isFalse();
    budget.grow(2);
    assertThat(budget.max()).isEqualTo(2);
    assertThat(budget.tryAcquireNow()).isTrue();
    assertThat(budget.tryAcquireNow()).isTrue();
    assertThat(budget.tryAcquireNow()).isFalse();
    assertThat(budget.used()).isEqualTo(2);
  }

  @Test
  void shrinkingTakesFreePermitsAtOnceAndTheOthersAsTheyComeBack() throws Exception {
    budget.grow(4);
    budget.acquire("a", 100);
    budget.acquire("b", 100);
    budget.shrinkTo(1);
    // Two free permits went at once; one more is owed by a connection still open.
    assertThat(budget.held()).isEqualTo(2);
    assertThat(budget.max()).isEqualTo(1);
    assertThat(budget.owed()).isEqualTo(1);
    assertThat(budget.reclaimOwed()).isZero();
    assertThat(reclaims).hasValue(1);
    budget.releaseAfterClose();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (budget.held() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // The returned permit paid the debt instead of becoming free.
    assertThat(budget.held()).isEqualTo(1);
    assertThat(budget.owed()).isZero();
    assertThat(budget.tryAcquireNow()).isFalse();
    assertThat(budget.used()).isEqualTo(1);
  }

  @Test
  void growingCancelsAPendingShrinkFirst() throws Exception {
    budget.grow(2);
    budget.acquire("a", 100);
    budget.acquire("b", 100);
    budget.shrinkTo(0);
    assertThat(budget.owed()).isEqualTo(2);
    budget.grow(3);
    assertThat(budget.owed()).isZero();
    assertThat(budget.held()).isEqualTo(3);
    assertThat(budget.max()).isEqualTo(3);
    assertThat(budget.tryAcquireNow()).isTrue();
    assertThat(budget.tryAcquireNow()).isFalse();
  }

  @Test
  void shrinkingToAtLeastWhatIsHeldOnlyCancelsTheDebt() throws Exception {
    budget.grow(3);
    budget.acquire("a", 100);
    budget.shrinkTo(0);
    assertThat(budget.held()).isEqualTo(1);
    budget.shrinkTo(5);
    assertThat(budget.owed()).isZero();
    assertThat(budget.held()).isEqualTo(1);
    budget.release();
    assertThat(budget.tryAcquireNow()).isTrue();
  }
}
