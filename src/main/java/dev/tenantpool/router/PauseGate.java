package dev.tenantpool.router;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.observe.AcquireOutcome;
import dev.tenantpool.observe.TenantTelemetry;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants under maintenance: a paused tenant's new borrows wait (up to connectionTimeout, then
 * TP005) while its leased connections carry on. The borrow's fast path reads one volatile flag,
 * {@link #anyPaused()}, and only a call that finds it set looks a tenant up here.
 */
final class PauseGate {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.circuit");

  private final ConcurrentHashMap<String, CountDownLatch> paused = new ConcurrentHashMap<>();
  private final long connectionTimeoutMs;
  // Guards paused and anyPaused together on pause/resume (never on the hot path, never across I/O).
  private final Object lock = new Object();
  private volatile boolean anyPaused;

  PauseGate(long connectionTimeoutMs) {
    this.connectionTimeoutMs = connectionTimeoutMs;
  }

  /** Whether any tenant is paused: when not, no borrow needs to look further. */
  boolean anyPaused() {
    return anyPaused;
  }

  void pause(String tenant) {
    synchronized (lock) {
      paused.putIfAbsent(tenant, new CountDownLatch(1));
      anyPaused = true;
    }
    LOG.info("tenant {} paused", tenant);
  }

  void resume(String tenant) {
    CountDownLatch latch;
    // Without the lock, resume(B) could read "nothing paused" just before pause(A) adds A, then
    // write anyPaused=false after pause(A) wrote true: A would be paused but never waited for.
    synchronized (lock) {
      latch = paused.remove(tenant);
      anyPaused = !paused.isEmpty();
    }
    if (latch != null) {
      latch.countDown();
      LOG.info("tenant {} resumed", tenant);
    }
  }

  boolean isPaused(String tenant) {
    return paused.containsKey(tenant);
  }

  /**
   * Returns at once unless {@code tenant} is paused; then waits for its resumption within what is
   * left of the call's connectionTimeout, counted from {@code start}.
   *
   * @throws SQLException TP005 when the tenant was not resumed in time
   */
  void awaitResume(String tenant, TenantTelemetry telemetry, long start) throws SQLException {
    CountDownLatch latch = paused.get(tenant);
    if (latch == null) {
      return;
    }
    long remaining = TimeUnit.MILLISECONDS.toNanos(connectionTimeoutMs) - (System.nanoTime() - start);
    try {
      if (remaining > 0 && latch.await(remaining, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (telemetry != null) {
      telemetry.acquireFailed(AcquireOutcome.REJECTED, System.nanoTime() - start);
    }
    throw TenantPoolSqlState.TENANT_PAUSED.exception(
        "tenant " + tenant + " is paused and was not resumed within " + connectionTimeoutMs
            + " ms (tenantpool.connectionTimeout); call resume(\"" + tenant + "\") when maintenance is over");
  }

  /** Lets every waiter go (the router is closing; they then find it closed). */
  void releaseAll() {
    synchronized (lock) {
      for (CountDownLatch latch : paused.values()) {
        latch.countDown();
      }
      paused.clear();
      anyPaused = false;
    }
  }
}
