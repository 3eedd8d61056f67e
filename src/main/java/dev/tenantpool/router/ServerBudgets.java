package dev.tenantpool.router;

import dev.tenantpool.cluster.ClusterShares;
import dev.tenantpool.observe.Observability;
import dev.tenantpool.observe.TenantMdc;
import dev.tenantpool.pool.ConnectionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection budget of each database server ({@code tenantpool.maxTotalConnections}), and the
 * reclaiming that keeps a spent budget moving: a tenant waiting for a permit gets one idle
 * connection of another tenant on the same server closed for it. With {@code
 * tenantpool.clusterBudget} a server's budget is this instance's share of the cluster's, kept by
 * {@link ClusterShares}, which it tells the server's demand. Reads the router's entries, never
 * changes them.
 */
final class ServerBudgets {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.pool");

  private final ConcurrentHashMap<String, ConnectionBudget> budgets = new ConcurrentHashMap<>();
  private final int maxPerServer;
  private final TenantTable table;
  private final Observability observability;
  private final ScheduledExecutorService scheduler;
  // This instance's shares of tenantpool.clusterBudget; null without one.
  private final ClusterShares cluster;

  ServerBudgets(int maxPerServer, ClusterShares cluster, TenantTable table, Observability observability,
      ScheduledExecutorService scheduler) {
    this.maxPerServer = maxPerServer;
    this.cluster = cluster;
    this.table = table;
    this.observability = observability;
    this.scheduler = scheduler;
  }

  /**
   * The budget of {@code server}, created on first use, {@linkplain ConnectionBudget#attach
   * attached} for the caller, who detaches when it takes no more permits; null when connections
   * are not capped.
   */
  ConnectionBudget attach(String server) {
    if (maxPerServer <= 0 && cluster == null) {
      return null;
    }
    while (true) {
      ConnectionBudget budget = budgets.get(server);
      if (budget == null) {
        // With a cluster budget the server's budget is this instance's share, kept by ClusterShares.
        ConnectionBudget created = cluster != null
            ? cluster.budgetFor(server, this::reclaimOne, () -> demandOn(server))
            : new ConnectionBudget(server, maxPerServer, this::reclaimOne, scheduler);
        budget = budgets.putIfAbsent(server, created);
        if (budget == null) {
          budget = created;
          observability.budget(server, created::used, created::max, cluster != null);
        }
      }
      if (budget.attach()) {
        return budget;
      }
      // Retired by forgetUnused a moment ago: this caller gets the server's next budget.
      if (budgets.remove(server, budget)) {
        observability.budgetGone(server);
      }
    }
  }

  /** Connections lent, plus callers waiting, across the pools on {@code server}: its demand for the cluster budget. */
  private int demandOn(String server) {
    int demand = 0;
    for (TenantEntry entry : table.entries.values()) {
      if (entry.server.equals(server)) {
        demand += entry.pool().activeConnections() + entry.pool().pendingThreads();
      }
    }
    return demand;
  }

  /** The router closed its pools: gives up this instance's cluster shares (their connections are closed). */
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  List<ConnectionBudget> all() {
    return new ArrayList<>(budgets.values());
  }

  /**
   * Closes one idle connection of the least recently used pool on {@code server} other than
   * {@code waitingTenant}'s, preferring pools with nothing leased: exactly what one waiter needs,
   * no more (closing a whole pool's idle connections for one permit made every other tenant pay).
   */
  private boolean reclaimOne(String server, String waitingTenant) {
    TenantEntry victim = null;
    for (TenantEntry entry : table.entries.values()) {
      // Never a pool with waiters: its "idle" connection may be the one HikariCP just created for
      // a waiter and is handing over; closing it would leave that waiter with nothing until timeout.
      if (entry.server.equals(server) && !entry.tenant().equals(waitingTenant) && entry.pool().idleConnections() > 0
          && entry.pool().pendingThreads() == 0) {
        if (victim == null || better(entry, victim)) {
          victim = entry;
        }
      }
    }
    if (victim == null) {
      return false;
    }
    String previous = TenantMdc.enter(victim.tenant());
    try {
      LOG.debug("reclaiming an idle connection of tenant {} for tenant {} (budget of {} spent)",
          victim.tenant(), waitingTenant, server);
      return victim.pool().closeOneIdle();
    } finally {
      TenantMdc.restore(previous);
    }
  }

  private static boolean better(TenantEntry candidate, TenantEntry current) {
    boolean candidateUnused = candidate.pool().activeConnections() == 0;
    boolean currentUnused = current.pool().activeConnections() == 0;
    if (candidateUnused != currentUnused) {
      return candidateUnused;
    }
    return candidate.lastUsedMillis - current.lastUsedMillis < 0;
  }

  /**
   * Retires and drops the budgets (and their gauges) of servers no pool or probe is attached to
   * and on which nothing is open: with {@code {tenant}} in the host every tenant has a server of
   * its own, and its budget would otherwise outlive its pool for good. A pool created meanwhile
   * either attached first (the budget stays) or finds it retired and gets a new one: a server
   * never has two budgets that could both hand out permits.
   */
  void forgetUnused() {
    for (ConnectionBudget budget : budgets.values()) {
      if (budget.retireIfDetached() && budgets.remove(budget.server(), budget)) {
        observability.budgetGone(budget.server());
      }
    }
  }
}
