package dev.tenantpool.cluster;

import dev.tenantpool.pool.ConnectionBudget;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's shares of the cluster budget ({@code tenantpool.clusterBudget}): one
 * {@link ConnectionBudget} per server whose limit follows the share recorded in the coordination
 * database ({@link MemberTable}), moved at every heartbeat.
 *
 * <p>The rule that keeps the cap at every instant: the {@code held} column of a server's rows never
 * sums above the budget, and {@code held} is never below what the instance may have open. So an
 * instance raises its {@code held} only inside the server's locked transaction, only within what
 * the others leave, and frees the extra local permits only after the commit; it lowers
 * {@code held} only to what its budget still holds ({@link ConnectionBudget#held()}, which comes
 * down as connections close), never to the target it aims at. A heartbeat that fails (the
 * coordination database unreachable) changes nothing: the instance keeps its last shares and, as
 * its budgets never grow without a commit, never exceeds them.
 *
 * <p>Threads: the shared scheduler only times the heartbeat; the JDBC work runs on the lifecycle
 * executor, one heartbeat at a time. The coordination connection is one plain physical connection
 * opened through the target driver, outside every tenant pool and every budget; each of its
 * statements is bounded by pgJDBC's socketTimeout (two heartbeat intervals, at least a second).
 */
public final class ClusterShares implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.cluster");
  // After a shrink is left waiting for connections to close: past the budget's release grace (100 ms).
  private static final long FOLLOW_UP_MS = 200;

  private final ClusterSettings settings;
  private final String instance;
  private final CoordinationSession session;
  private final ScheduledExecutorService scheduler;
  private final Executor lifecycle;
  private final Map<String, Share> shares = new ConcurrentHashMap<>();
  // Servers whose budget was retired and whose row is still to be removed (the heartbeat's alone).
  private final java.util.Set<String> rowsToRemove = new java.util.HashSet<>();
  private final AtomicBoolean beating = new AtomicBoolean();
  private volatile boolean again;
  private final ScheduledFuture<?> timer;
  private volatile boolean closed;
  // The heartbeat's alone (beating guards them); close() takes them after.
  private boolean failing;
  private volatile long lastBeatNanos;

  /** One server's budget and what the router says it needs. */
  private record Share(ConnectionBudget budget, IntSupplier demand) {}

  /**
   * Starts the heartbeat; no connection is opened before the first budget exists. The public layer
   * has checked that a driver accepts the coordination URL.
   */
  public ClusterShares(ClusterSettings settings, String dataSourceName, ScheduledExecutorService scheduler,
      Executor lifecycle) {
    this.settings = settings;
    // A random suffix: two data sources (or a restarted process) never share a row.
    this.instance = settings.instance() + "/" + dataSourceName + "/"
        + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    this.session = new CoordinationSession(settings);
    this.scheduler = scheduler;
    this.lifecycle = lifecycle;
    this.timer = scheduler.scheduleWithFixedDelay(this::trigger, settings.heartbeatMs(), settings.heartbeatMs(),
        TimeUnit.MILLISECONDS);
  }

  /** This instance's name in the members table. */
  public String instance() {
    return instance;
  }

  /**
   * The budget of {@code server}, created on first use with no permit: its first share arrives
   * with the heartbeat this starts at once. The same object for a server until it is retired
   * ({@link ConnectionBudget#retireIfDetached}); then a new one replaces it, and the retired one,
   * which hands out nothing again, has its row removed by the next heartbeat unless the new one's
   * has replaced it.
   *
   * @param demand connections the instance's pools on the server lend or are asked for now
   */
  public ConnectionBudget budgetFor(String server, ConnectionBudget.Reclaimer reclaimer, IntSupplier demand) {
    while (true) {
      Share share = shares.get(server);
      if (share != null && !share.budget().retired()) {
        return share.budget();
      }
      Share created = new Share(new ConnectionBudget(server, 0, reclaimer, scheduler), demand);
      if (share == null ? shares.putIfAbsent(server, created) == null : shares.replace(server, share, created)) {
        trigger();
        return created.budget();
      }
    }
  }

  /** Milliseconds since the last heartbeat that reached the coordination database, or -1 before the first. */
  public long sinceLastBeatMs() {
    long last = lastBeatNanos;
    return last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
  }

  private void trigger() {
    if (closed) {
      return;
    }
    if (!beating.compareAndSet(false, true)) {
      again = true; // a new budget arrived during a heartbeat: it gets its own right after
      return;
    }
    again = false;
    try {
      lifecycle.execute(this::beat);
    } catch (RejectedExecutionException e) {
      beating.set(false);
    }
  }

  private void beat() {
    boolean retrySoon = false;
    try {
      if (closed || (shares.isEmpty() && rowsToRemove.isEmpty())) {
        return; // no connection before the first budget
      }
      MemberTable table = session.table();
      // First the rows of retired budgets (their servers' pools are all gone): their permits go
      // back to the other instances. Before any settle of this heartbeat, so a new budget of the
      // same server, settled later on this thread, never has its row removed.
      for (Map.Entry<String, Share> entry : shares.entrySet()) {
        if (entry.getValue().budget().retired() && shares.remove(entry.getKey(), entry.getValue())) {
          rowsToRemove.add(entry.getKey());
        }
      }
      for (java.util.Iterator<String> servers = rowsToRemove.iterator(); servers.hasNext(); ) {
        table.removeAndCommit(servers.next(), instance);
        servers.remove();
      }
      for (Map.Entry<String, Share> entry : shares.entrySet()) {
        if (closed) {
          return;
        }
        settle(table, entry.getKey(), entry.getValue());
      }
      lastBeatNanos = System.nanoTime();
      if (failing) {
        failing = false;
        LOG.info("cluster budget: instance {} reaches the coordination database again", instance);
      }
      for (Share share : shares.values()) {
        if (share.budget().owed() > 0) {
          // Reclaimed connections' permits come back after the release grace: publish the lower
          // held then, rather than a whole interval later, so the share moves on at once.
          scheduler.schedule(this::trigger, FOLLOW_UP_MS, TimeUnit.MILLISECONDS);
          break;
        }
      }
    } catch (SQLException | RuntimeException e) {
      // Keep every share as it is: nothing grows without a commit, so the cap still holds.
      if (!failing) {
        LOG.warn("cluster budget: heartbeat of instance {} failed; keeping its current shares until the coordination"
            + " database answers again: {}", instance, e.toString());
      } else {
        LOG.debug("cluster budget: heartbeat of instance {} still failing: {}", instance, e.toString());
      }
      failing = true;
      session.drop();
      // Try again soon rather than an interval later: when the network heals, the old session
      // ends at once and the row must be written again within the grace the others give it.
      retrySoon = true;
    } finally {
      beating.set(false);
    }
    if (again) {
      trigger();
    } else if (retrySoon) {
      try {
        scheduler.schedule(this::trigger, Math.max(50, settings.heartbeatMs() / 4), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // The scheduler stops with the last data source.
      }
    }
  }

  /** One server's heartbeat: remove the dead, compute the split, move this instance's share. */
  private void settle(MemberTable table, String server, Share share) throws SQLException {
    ConnectionBudget budget = share.budget();
    // Defensive: beat() empties rowsToRemove before any settle (a failed removal ends the
    // heartbeat), but a removal left pending would now remove this budget's row.
    rowsToRemove.remove(server);
    table.begin(server);
    boolean committed = false;
    int grant = 0;
    try {
      for (MemberTable.Member dead : table.removeDead(server, instance)) {
        LOG.info("cluster budget: instance {} is gone (no session, no heartbeat); its {} connections of server {}"
            + " return to the others", dead.instance(), dead.held(), server);
      }
      List<MemberTable.Member> members = table.members(server);
      int demand = Math.min(settings.ceiling(), Math.max(0, share.demand().getAsInt() + budget.waiting()));
      // Instances configured with different budgets: the smallest holds for everyone.
      int cap = settings.budget();
      int othersHeld = 0;
      int n = members.size();
      boolean present = false;
      for (MemberTable.Member m : members) {
        cap = Math.min(cap, m.budget());
        if (m.instance().equals(instance)) {
          present = true;
        } else {
          othersHeld += m.held();
        }
      }
      if (!present && budget.held() > 0) {
        // The documented residual risk: our session ended while we were cut off, and the others
        // counted us gone. Re-register with what we really hold; nobody grows until the sum fits.
        LOG.warn("cluster budget: the row of instance {} for server {} was removed while it was cut off (its"
            + " coordination session ended); registering again with the {} connections it holds", instance, server,
            budget.held());
      }
      int[] demands = new int[present ? n : n + 1];
      int self = -1;
      for (int i = 0, j = 0; i < demands.length; i++) {
        if (!present && self < 0 && (j == n || members.get(j).instance().compareTo(instance) > 0)) {
          self = i;
          demands[i] = demand;
          continue;
        }
        MemberTable.Member m = members.get(j++);
        demands[i] = m.instance().equals(instance) ? demand : m.demand();
        if (m.instance().equals(instance)) {
          self = i;
        }
      }
      int target = Math.min(settings.ceiling(), FairShares.split(cap, demands)[self]);
      budget.shrinkTo(target); // never blocks; at or above held() it only cancels a pending shrink
      int held = budget.held();
      grant = Math.max(0, Math.min(target - held, cap - othersHeld - held));
      table.writeAndCommit(server, instance, held + grant, demand, settings.budget(), session.lockKey(),
          settings.heartbeatMs());
      committed = true;
    } finally {
      if (!committed) {
        table.rollbackQuietly();
      }
    }
    // Only now may the new permits be used: the row that accounts for them is visible to all.
    budget.grow(grant);
    if (budget.owed() > 0) {
      budget.reclaimOwed(); // idle connections would otherwise hold the share until their idleTimeout
    }
  }

  /**
   * Stops the heartbeat and, for each server whose connections are all closed (the router closed
   * its pools before), removes this instance's row at once; a row whose connections are still
   * open, or that cannot be reached, stays, and the other instances remove it once the closed
   * session's lock is free and the heartbeat is stale. Closes the coordination connection.
   */
  @Override
  public void close() {
    closed = true;
    timer.cancel(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!beating.compareAndSet(false, true)) {
      if (System.nanoTime() - deadline > 0) {
        return; // a heartbeat hangs on the network; its socketTimeout will end it, and the session with it
      }
      sleep(10);
    }
    try {
      // Permits come back RELEASE_GRACE_MS after their connections closed.
      for (Share share : shares.values()) {
        while (!share.budget().unused() && System.nanoTime() - deadline < 0) {
          sleep(20);
        }
      }
      try {
        MemberTable table = session.table();
        for (Map.Entry<String, Share> entry : shares.entrySet()) {
          if (entry.getValue().budget().unused()) {
            table.removeAndCommit(entry.getKey(), instance);
          }
        }
        for (String server : rowsToRemove) {
          table.removeAndCommit(server, instance);
        }
      } catch (SQLException | RuntimeException e) {
        LOG.info("cluster budget: instance {} could not remove its rows on close ({}); the others will once its"
            + " session is gone", instance, e.toString());
      }
    } finally {
      session.drop();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ClusterShares[instance=" + instance + ", servers=" + shares.keySet() + ", settings=" + settings + "]";
  }
}
