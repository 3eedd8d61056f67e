package dev.tenantpool.router;

import dev.tenantpool.pool.ConnectionBudget;
import dev.tenantpool.pool.DatabaseProbe;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Asks the database of every tenant whose circuit is open, in the background, whether it answers
 * again, and closes the circuit as soon as it does: without it a tenant stayed dark for the whole
 * waitInOpen after its database was back, until its own traffic probed it.
 *
 * <p>Bounded: one probe at a time per server (round robin over that server's open tenants), each
 * probe a single connection attempt with a short timeout, charged to the server's budget without
 * waiting. A failed probe waits {@link #RETRY_MILLIS} before the server's next; a successful one
 * is followed at once by the next tenant of the same server, since a server that answers one
 * tenant likely answers the others. The probes run on threads of their own, never on the
 * scheduler, which only schedules them.
 */
final class CircuitProber {
  static final long RETRY_MILLIS = 250;
  // A probe's connection attempt is cut short well before a second has passed, so that a server
  // that came back is noticed within about a second.
  private static final long PROBE_TIMEOUT_MILLIS = 1_000;

  private final ScheduledExecutorService scheduler;
  private final Executor probes;
  private final Function<String, ConnectionBudget> budgets;
  // server -> its open tenants in probing order; a server is in the map while it has any. Guarded by itself.
  private final Map<String, Deque<TenantState>> open = new HashMap<>();
  private volatile boolean stopped;

  /** @param budgets attaches a server's budget for one probe (null: no cap); the prober detaches it after */
  CircuitProber(ScheduledExecutorService scheduler, Executor probes, Function<String, ConnectionBudget> budgets) {
    this.scheduler = scheduler;
    this.probes = probes;
    this.budgets = budgets;
  }

  /** {@code state}'s circuit opened: probe its database until it answers, or the circuit closes otherwise. */
  void watch(TenantState state) {
    TenantTarget target = state.target;
    if (target == null || stopped) {
      return;
    }
    boolean start;
    synchronized (open) {
      Deque<TenantState> queue = open.get(state.server);
      start = queue == null;
      if (start) {
        queue = new ArrayDeque<>();
        open.put(state.server, queue);
      }
      if (!queue.contains(state)) {
        queue.addLast(state);
      }
    }
    if (start) {
      later(state.server);
    }
  }

  private void later(String server) {
    try {
      scheduler.schedule(() -> now(server), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The router is closing.
    }
  }

  private void now(String server) {
    try {
      probes.execute(() -> probeNext(server));
    } catch (RejectedExecutionException e) {
      // The router is closing.
    }
  }

  /** Probes the server's next open tenant, then arranges the server's next probe (or stops). */
  private void probeNext(String server) {
    TenantState state;
    synchronized (open) {
      Deque<TenantState> queue = open.get(server);
      while (queue != null && !queue.isEmpty() && !queue.peekFirst().breaker.isFailing()) {
        queue.pollFirst(); // closed meanwhile by its own traffic
      }
      if (stopped || queue == null || queue.isEmpty()) {
        open.remove(server);
        return;
      }
      state = queue.pollFirst();
    }
    TenantTarget target = state.target;
    ConnectionBudget budget = budgets.apply(server);
    boolean answered;
    try {
      answered = DatabaseProbe.answers(state.tenant, target.url(), target.properties(), server, budget,
          Math.min(PROBE_TIMEOUT_MILLIS, target.pool().connectionTimeoutMs()));
    } finally {
      if (budget != null) {
        budget.detach();
      }
    }
    if (answered) {
      state.breaker.closeNow();
    }
    synchronized (open) {
      Deque<TenantState> queue = open.get(server);
      if (queue == null) {
        return; // stopped meanwhile
      }
      if (!answered && state.breaker.isFailing()) {
        queue.addLast(state);
      }
      if (stopped || queue.isEmpty()) {
        open.remove(server);
        return;
      }
    }
    if (answered) {
      now(server);
    } else {
      later(server);
    }
  }

  /** Stops probing; probes under way finish. */
  void stop() {
    stopped = true;
    synchronized (open) {
      open.clear();
    }
  }
}
