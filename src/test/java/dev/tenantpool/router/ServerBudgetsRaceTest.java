package dev.tenantpool.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.observe.Observability;
import dev.tenantpool.observe.ObserveSettings;
import dev.tenantpool.observe.TenantTag;
import dev.tenantpool.pool.ConnectionBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server never has two budgets that could both hand out permits: the sweep that drops the budget
 * of a server no pool uses races with a pool being created on that server (which took the budget
 * and has not yet opened its first connection). Before budgets counted their pools, the sweep
 * dropped the budget between the two steps, the next pool got a second budget, and the server's
 * cap counted twice.
 */
class ServerBudgetsRaceTest {
  private static final int ROUNDS = 5_000;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private ServerBudgets budgets(int max) {
    ObserveSettings observe = new ObserveSettings(new SimpleMeterRegistry(), OpenTelemetry.noop(), TenantTag.NONE,
        false, false, 0, "race");
    TenantTable table = new TenantTable("race");
    return new ServerBudgets(max, null, table, new Observability(observe, () -> 0), scheduler);
  }

  private static void spin(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aBudgetAPoolWasGivenIsNeverDroppedBeforeThePoolLetsItGo() {
    ServerBudgets budgets = budgets(4);
    ConnectionBudget first = budgets.attach("db:5432");
    budgets.forgetUnused();
    assertThat(budgets.attach("db:5432")).as("the budget of a server a pool is attached to").isSameAs(first);
    first.detach();
    first.detach();
    budgets.forgetUnused();
    assertThat(first.retired()).isTrue();
    ConnectionBudget next = budgets.attach("db:5432");
    assertThat(next).isNotSameAs(first);
    assertThat(next.attach()).isTrue();
  }

  @Test
  void twoPoolsCreatedWhileTheSweepRunsShareOneBudget() throws Exception {
    ServerBudgets budgets = budgets(4);
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicBoolean creating = new AtomicBoolean(true);
    AtomicInteger sweeps = new AtomicInteger();
    AtomicReference<Throwable> sweeperFailure = new AtomicReference<>();
    Thread sweeper = new Thread(() -> {
      try {
        start.await();
        while (creating.get()) {
          budgets.forgetUnused();
          sweeps.incrementAndGet();
        }
      } catch (Throwable e) {
        sweeperFailure.set(e);
      }
    }, "sweeper");
    sweeper.start();
    start.await();
    int split = 0;
    for (int round = 0; round < ROUNDS; round++) {
      // Two tenants' pools on one server. The first takes the server's budget and works a moment
      // (the driver lookup, the connector) before its first permit; the second comes meanwhile.
      ConnectionBudget a = budgets.attach("db:5432");
      spin(20_000);
      ConnectionBudget b = budgets.attach("db:5432");
      if (a != b) {
        split++;
      }
      a.detach();
      b.detach();
    }
    creating.set(false);
    sweeper.join(TimeUnit.SECONDS.toMillis(10));
    System.out.printf("server budgets race: %d sweeps during %d rounds of two pool creations, %d rounds split%n", sweeps.get(), ROUNDS, split);
    assertThat(sweeperFailure.get()).as("the sweeper's failure").isNull();
    assertThat(sweeps.get()).as("sweeps that raced the creations").isPositive();
    assertThat(split).as("rounds in which two pools of one server got different budgets").isZero();
  }
}
