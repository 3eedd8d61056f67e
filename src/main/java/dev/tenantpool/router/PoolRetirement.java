package dev.tenantpool.router;

import dev.tenantpool.observe.CoarseClock;
import dev.tenantpool.observe.TenantMdc;
import dev.tenantpool.observe.TenantTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a tenant pool's life: retiring pools that went unused for poolIdleTimeout, that
 * maxPools has no room for, that a catalog change replaced or that an operator closed, and closing
 * them once their leased connections are back. Removes entries from the router's table (and the
 * states of tenants whose breaker is healthy); never adds any.
 *
 * <p>Checks run on the shared scheduler; closing a pool, which waits on I/O, runs on the lifecycle
 * executor, so the scheduler's two threads only ever schedule.
 */
final class PoolRetirement {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.pool");
  private static final long RECHECK_MILLIS = 100;

  private final TenantTable table;
  private final ServerBudgets budgets;
  private final ScheduledExecutorService scheduler;
  private final Executor lifecycle;
  private final long shutdownTimeoutMs;
  private final long poolIdleTimeoutMs;
  private final int maxPools;
  // Retired pools waiting for their leased connections before they close.
  private final Set<TenantEntry> draining = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> idleSweep;

  PoolRetirement(RouterSettings settings, TenantTable table, ServerBudgets budgets, ScheduledExecutorService scheduler,
      Executor lifecycle) {
    this.table = table;
    this.budgets = budgets;
    this.scheduler = scheduler;
    this.lifecycle = lifecycle;
    this.shutdownTimeoutMs = settings.shutdownTimeoutMs();
    this.poolIdleTimeoutMs = settings.poolIdleTimeoutMs();
    this.maxPools = settings.maxPools();
    if (poolIdleTimeoutMs > 0) {
      // Swept on a timer, not on access: an idle tenant's pool must close even when nobody calls.
      long period = Math.max(250, Math.min(poolIdleTimeoutMs / 4, 30_000));
      this.idleSweep = scheduler.scheduleWithFixedDelay(this::sweepIdlePools, period, period, TimeUnit.MILLISECONDS);
    } else {
      this.idleSweep = null;
    }
  }

  /** A pool was added: when there are more than maxPools, retire the least recently used soon. */
  void poolAdded() {
    if (maxPools > 0 && table.entries.size() > maxPools) {
      lifecycle.execute(this::enforceMaxPools);
    }
  }

  private void sweepIdlePools() {
    long now = CoarseClock.millis();
    for (TenantEntry entry : table.entries.values()) {
      if (now - entry.lastUsedMillis > poolIdleTimeoutMs && nothingLeasedOrAwaited(entry)) {
        retireWhenReturned(entry, "idle");
      }
    }
    budgets.forgetUnused();
  }

  /** Retires least recently used pools with nothing leased until at most maxPools remain. */
  private void enforceMaxPools() {
    while (table.entries.size() > maxPools) {
      TenantEntry oldest = null;
      for (TenantEntry entry : table.entries.values()) {
        if (nothingLeasedOrAwaited(entry) && (oldest == null || entry.lastUsedMillis - oldest.lastUsedMillis < 0)) {
          oldest = entry;
        }
      }
      if (oldest == null || !retireWhenReturned(oldest, "maxPools")) {
        return; // every pool has leased connections: never close those
      }
    }
  }

  private static boolean nothingLeasedOrAwaited(TenantEntry entry) {
    return entry.pool().activeConnections() == 0 && entry.pool().pendingThreads() == 0;
  }

  /**
   * Removes {@code entry} from the table and retires its pool: it lends no more, and closes once
   * its leased connections are back, or at the shutdown timeout. False if it was gone already.
   */
  boolean retireWhenReturned(TenantEntry entry, String reason) {
    if (!table.entries.remove(entry.tenant(), entry)) {
      return false;
    }
    markRetiring(entry, reason);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMs);
    draining.add(entry);
    closeWhenReturned(entry, deadline, reason);
    return true;
  }

  /**
   * Removes {@code tenant}'s pool and closes it now, giving leased connections up to the shutdown
   * timeout to come back (the operator's close); false if the tenant had no pool.
   */
  boolean closeNow(String tenant) {
    TenantEntry entry = table.entries.remove(tenant);
    if (entry == null) {
      return false;
    }
    markRetiring(entry, "explicit");
    closeRetired(entry, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownTimeoutMs), "explicit");
    return true;
  }

  /**
   * Marks a pool that left the table as retiring, so that a borrow racing with its closing routes
   * to its successor instead of getting a connection about to be aborted; and forgets the tenant's
   * state, unless its breaker is failing: a tenant whose circuit is open looks idle (nothing
   * succeeds), and forgetting it would give its next caller a fresh closed breaker and real
   * connection attempts against a database known to be down.
   */
  private void markRetiring(TenantEntry entry, String reason) {
    entry.retiring = true; // before the pool's active count is read (see SlowBorrow)
    if (!entry.breaker.isFailing()) {
      table.states.remove(entry.tenant(), entry.state);
    }
    String previous = TenantMdc.enter(entry.tenant());
    try {
      LOG.info("closing the pool of tenant {} ({})", entry.tenant(), reason);
    } finally {
      TenantMdc.restore(previous);
    }
  }

  private void closeWhenReturned(TenantEntry entry, long deadline, String reason) {
    if (entry.pool().activeConnections() == 0 || System.nanoTime() - deadline >= 0 || table.closed()) {
      // Whoever removes it from draining closes it: this check, or closeAll.
      if (draining.remove(entry)) {
        lifecycle.execute(() -> closeRetired(entry, System.nanoTime(), reason));
      }
    } else {
      Runnable recheck = () -> closeWhenReturned(entry, deadline, reason);
      scheduler.schedule(recheck, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Closes a retired entry's pool (waiting for leased connections until {@code deadline}) and,
   * unless the tenant's state is still remembered (a failing breaker outlives its pool), its
   * meters. {@code reason} is what the retirement meter counts; null counts nothing (shutdown).
   */
  void closeRetired(TenantEntry entry, long deadline, String reason) {
    String previous = TenantMdc.enter(entry.tenant());
    try {
      entry.pool().close(deadline);
    } finally {
      if (table.states.get(entry.tenant()) == entry.state) {
        entry.state.poolClosed(entry.pool());
        if (reason != null) {
          entry.telemetry.poolRetired(reason);
        }
      } else {
        entry.telemetry.close(reason);
      }
      TenantMdc.restore(previous);
    }
  }

  /** The router is closing: no more sweeps of idle pools. */
  void stopSweeping() {
    if (idleSweep != null) {
      idleSweep.cancel(false);
    }
  }

  /**
   * The router is closing (its table is marked closed): forgets every tenant, runs
   * {@code afterForgetting} (the router lets paused callers go, who then find nothing to borrow),
   * closes every pool, waiting until {@code deadline} in all for leased connections, and the
   * meters of every tenant.
   */
  void closeAll(long deadline, Runnable afterForgetting) {
    List<TenantEntry> open = new ArrayList<>(table.entries.values());
    List<TenantState> forgotten = new ArrayList<>(table.states.values());
    table.entries.clear();
    table.states.clear();
    afterForgetting.run();
    for (TenantEntry entry : open) {
      entry.retiring = true;
      closeRetired(entry, deadline, null);
    }
    for (TenantEntry entry : new ArrayList<>(draining)) {
      if (draining.remove(entry)) {
        closeRetired(entry, deadline, null);
      }
    }
    // Tenants that never got a pool still have meters (their circuit, their failed acquisitions).
    for (TenantState state : forgotten) {
      TenantTelemetry telemetry = state.telemetry;
      if (telemetry != null) {
        telemetry.close(null);
      }
    }
  }
}
