package dev.tenantpool.pool;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cap on physical connections to one database server across all tenants of a data source
 * ({@code tenantpool.maxTotalConnections}). A permit is taken before a physical connection is
 * opened and given back when that connection is really closed, so the cap holds at every instant,
 * including while HikariCP closes connections in the background.
 *
 * <p>When no permit is free, the budget asks its {@link Reclaimer} to close idle connections of
 * other tenants (least recently used first) before the caller waits; a caller never waits longer
 * than its timeout. No lock is held while waiting, so a tenant whose pool is full cannot block
 * the connections of others from coming back.
 *
 * <p>The limit moves when the budget is this instance's share of a cluster budget
 * ({@code tenantpool.clusterBudget}): {@link #grow} adds permits at once; {@link #shrinkTo} takes
 * free permits back at once and the others as their connections close, never revoking a
 * connection in use. {@link #held()} is therefore always at least what is open or being opened,
 * which is what the cluster table must show for the cap to hold at every instant.
 *
 * <p>A server's budget must be one object for as long as anything may take its permits: two for
 * one server would each allow the whole cap. Every pool (and every probe) {@link #attach}es to the
 * budget it was given and {@link #detach}es when it will take no more permits; a budget with nothing
 * attached and nothing open may be {@linkplain #retireIfDetached retired}, after which it refuses
 * attachments and its owner makes a new one.
 */
public final class ConnectionBudget {
  // How long a waiter that found nothing idle waits before it looks again, doubling up to the
  // maximum; and how long one that freed a connection waits for a permit before it frees another
  // (the freed permit comes back RELEASE_GRACE_MS after the close, well within it).
  private static final long RECLAIM_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_IDLE_SEARCH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(400);
  private static final long RECLAIMED_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /** Frees an idle connection of a tenant other than the one waiting; called while a caller waits. */
  @FunctionalInterface
  public interface Reclaimer {
    /** Closes one idle connection of some tenant other than {@code waitingTenant}; false if none had one. */
    boolean reclaimOne(String server, String waitingTenant);
  }

  // After a client closes a connection, its server process takes a moment to exit and until then
  // still fills a max_connections slot (and a pg_stat_activity row). The permit comes back only
  // after this grace, so the budget protects what the server actually counts. 25 ms proved too
  // short on a busy 2-core machine (SharedBudgetIT once sampled 27 backends under a cap of 24).
  static final long RELEASE_GRACE_MS = 100;

  private final String server;
  private final Semaphore permits;
  // Permits this budget may have out: free ones plus those of connections open, being opened or in
  // their release grace. Guarded by this (no I/O under it); the volatile copies are for readers.
  private int limit;
  // Permits to take back as they return instead of giving them to the semaphore (a shrink waiting
  // for connections to close). Guarded by this.
  private int owed;
  private volatile int limitView;
  private volatile int owedView;
  private final Reclaimer reclaimer;
  private final ScheduledExecutorService scheduler;
  // Pools and probes attached (the low 32 bits) and how many attaches there ever were (the next 31,
  // wrapping), so that a retire sees any attach since it looked, even one already detached again;
  // RETIRED once retired, which refuses every later attach.
  private static final long RETIRED = -1L;
  private static final long COUNT = 0xFFFF_FFFFL;
  private final AtomicLong attachments = new AtomicLong();

  /**
   * A budget of {@code max} connections to {@code server}.
   *
   * @param scheduler gives permits back after the release grace
   */
  public ConnectionBudget(String server, int max, Reclaimer reclaimer, ScheduledExecutorService scheduler) {
    this.server = server;
    this.limit = max;
    this.limitView = max;
    this.scheduler = scheduler;
    // Fair: permits freed by reclaiming go to the longest waiter, so no tenant starves while
    // busier ones keep arriving. Only opening a physical connection pays for it, never a borrow.
    this.permits = new Semaphore(max, true);
    this.reclaimer = reclaimer;
  }

  /**
   * The server this budget caps: {@code host:port}, lower-cased, the default port filled in
   * (several hosts: their sorted list); {@code ?} when the URL names no server that can be read.
   * Made only of safe characters, so it may be printed and used as a tag.
   */
  public String server() {
    return server;
  }

  /** The cap now: fixed, or this instance's current share of a cluster budget (what {@link #shrinkTo} aims at). */
  public int max() {
    return limitView - owedView;
  }

  /**
   * Permits this budget may have out now: at least the physical connections open, being opened or
   * in their release grace. Above {@link #max()} while a shrink waits for connections to close.
   */
  public int held() {
    return limitView;
  }

  /** True when no connection is open or being opened, and nobody waits: the budget can be dropped. */
  public boolean unused() {
    return permits.availablePermits() == limitView && !permits.hasQueuedThreads();
  }

  /** Physical connections open (or being opened) now. */
  public int used() {
    return Math.max(0, limitView - permits.availablePermits());
  }

  /** Threads waiting for a permit now (an estimate, as {@link Semaphore#getQueueLength()} is). */
  public int waiting() {
    return permits.getQueueLength();
  }

  /** Permits still to be taken back as connections close (a shrink in progress). */
  public int owed() {
    return owedView;
  }

  /**
   * Adds {@code n} permits: first cancels a pending shrink, then frees new permits for waiters.
   * Call only once the share that allows them is recorded where the other instances see it.
   */
  public synchronized void grow(int n) {
    if (n <= 0) {
      return;
    }
    int cancelled = Math.min(owed, n);
    owed -= cancelled;
    limit += n - cancelled;
    publish();
    permits.release(n - cancelled);
  }

  /**
   * Lowers the cap to {@code target}: free permits are taken back now (ahead of local waiters: the
   * share is moving to another instance), the rest as their connections close. A target at or
   * above {@link #held()} only cancels a pending shrink. Never blocks.
   */
  public synchronized void shrinkTo(int target) {
    owed = Math.max(0, limit - Math.max(0, target));
    // tryAcquire() barges past waiters, which is what taking a share back needs.
    while (owed > 0 && permits.tryAcquire()) {
      owed--;
      limit--;
    }
    publish();
  }

  /**
   * Registers a pool or probe that may take permits from now on; false when this budget is
   * retired, and the caller must ask for the server's budget again.
   */
  public boolean attach() {
    for (long s = attachments.get(); s != RETIRED; s = attachments.get()) {
      long generation = ((s >>> 32) + 1) & 0x7FFF_FFFFL;
      if (attachments.compareAndSet(s, generation << 32 | ((s & COUNT) + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The pool or probe that {@link #attach}ed takes no more permits (its connections may still close later). */
  public void detach() {
    attachments.decrementAndGet(); // the count is above zero: it is this caller's attach
  }

  /**
   * Retires this budget if nothing is attached and nothing is open, being opened, in its release
   * grace or waited for; a retired budget hands out no permit again (nothing can attach to ask).
   */
  public boolean retireIfDetached() {
    long seen = attachments.get();
    // Nothing attached when seen, and nothing attached since (the CAS fails on any attach, even
    // one that detached again, whose connection may be in its release grace): nobody took a
    // permit after unused() looked.
    return seen != RETIRED && (seen & COUNT) == 0 && unused() && attachments.compareAndSet(seen, RETIRED);
  }

  /** Whether {@link #retireIfDetached} retired it. */
  public boolean retired() {
    return attachments.get() == RETIRED;
  }

  /** Asks the reclaimer to close idle connections (of any tenant) for a pending shrink; returns how many. */
  public int reclaimOwed() {
    int closed = 0;
    for (int i = owedView; i > 0; i--) {
      if (!reclaimer.reclaimOne(server, "")) {
        break;
      }
      closed++;
    }
    return closed;
  }

  private void publish() {
    limitView = limit;
    owedView = owed;
  }

  /** A permit that came back: it pays a pending shrink first, else it is free again. */
  private void giveBack() {
    if (owedView > 0) {
      synchronized (this) {
        if (owed > 0) {
          owed--;
          limit--;
          publish();
          return;
        }
      }
    }
    permits.release();
  }

  /**
   * Takes a permit for {@code tenant}'s next physical connection, reclaiming idle connections of
   * other tenants while it waits.
   *
   * @throws SQLException TP006 when none became free within {@code timeoutMs}
   */
  void acquire(String tenant, long timeoutMs) throws SQLException {
    try {
      // tryAcquire() would barge past waiters even on a fair semaphore; a zero timeout does not.
      if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    long idleSearchPause = RECLAIM_INTERVAL_NANOS;
    try {
      while (true) {
        // Exactly one permit is needed: free one idle connection, then wait for a permit (the
        // freed one, or any other), long enough for the closed connection's to come back.
        boolean freed = reclaimer.reclaimOne(server, tenant);
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        // With nothing idle anywhere, look again less and less often (every waiter scans the pools).
        long wait = freed ? RECLAIMED_WAIT_NANOS : idleSearchPause;
        if (!freed) {
          idleSearchPause = Math.min(idleSearchPause * 2, MAX_IDLE_SEARCH_PAUSE_NANOS);
        }
        if (permits.tryAcquire(Math.min(remaining, wait), TimeUnit.NANOSECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Not the tenant's database failing: other tenants hold the server's connections.
    throw new PoolTimeoutException(
        "the connection budget for server " + server + " is spent (" + used() + " of " + max()
            + " in use, tenantpool.maxTotalConnections or this instance's share of tenantpool.clusterBudget) and no idle connection of another tenant could be"
            + " reclaimed within " + timeoutMs + " ms; tenant " + tenant + " could not open a connection",
        null, false);
  }

  /** Takes a permit if one is free now, behind no waiter; never reclaims or waits. */
  boolean tryAcquireNow() {
    try {
      return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Gives back the permit of a physical connection that was never opened. */
  void release() {
    giveBack();
  }

  /** Gives back the permit of a physical connection that was closed, once its server process is gone. */
  void releaseAfterClose() {
    try {
      Runnable giveBack = this::giveBack;
      scheduler.schedule(giveBack, RELEASE_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      giveBack(); // the scheduler is stopping with the last data source
    }
  }

  @Override
  public String toString() {
    return "ConnectionBudget[server=" + server + ", used=" + used() + ", max=" + max() + "]";
  }
}
