package dev.tenantpool.router;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantPoolListener;
import dev.tenantpool.resilience.TenantBreaker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a tenant's circuit transition: the log line, the transition meter, the pool's
 * reaction (an opened circuit replaces its idle connections, which may point at dead sockets; a
 * closed one clears the pool's remembered refusal), the background probe of an open circuit, and
 * the application's {@link TenantPoolListener}s. A replica position's router says so in the log
 * line and to the listeners, so that a replica's outage never reads as its primary's. Reads the
 * router's table, never changes it.
 */
final class CircuitEvents implements TenantBreaker.TransitionListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.circuit");

  private final TenantTable table;
  private final CircuitProber prober;
  private final List<TenantPoolListener> listeners = new CopyOnWriteArrayList<>();
  // 0 for the primary's router, else which read replica (1 for the first).
  private final int replica;

  CircuitEvents(TenantTable table, CircuitProber prober, int replica) {
    this.table = table;
    this.prober = prober;
    this.replica = replica;
  }

  void addListener(TenantPoolListener listener) {
    listeners.add(listener);
  }

  @Override
  public void onTransition(String tenant, CircuitState from, CircuitState to) {
    TenantState state = table.states.get(tenant);
    TenantState.Failure last = state == null ? null : state.lastFailure();
    String lastFailure = last == null || to != CircuitState.OPEN ? "" : "; last failure: " + last.message();
    if (replica == 0) {
      LOG.warn("circuit of tenant {}: {} -> {}{}", tenant, from, to, lastFailure);
    } else {
      LOG.warn("circuit of read replica {} of tenant {}: {} -> {}{}", replica, tenant, from, to, lastFailure);
    }
    TenantEntry entry = table.entries.get(tenant);
    // A tenant without a pool (its creation failed) counts its transitions through its state.
    TenantState reporting = entry != null ? entry.state : state;
    if (reporting != null && reporting.telemetry != null) {
      reporting.telemetry.transition(from, to);
    }
    if (entry != null) {
      if (to == CircuitState.OPEN) {
        // Connections that sat idle through the outage may point at dead sockets: replace them
        // now so the first calls after recovery get fresh ones.
        entry.pool().replaceAllConnections();
      } else if (to == CircuitState.CLOSED) {
        entry.pool().databaseAnswered();
      }
    }
    if (to == CircuitState.OPEN && reporting != null) {
      prober.watch(reporting);
    }
    for (TenantPoolListener listener : listeners) {
      try {
        if (replica == 0) {
          listener.onCircuitTransition(tenant, from, to);
        } else {
          listener.onReplicaCircuitTransition(tenant, replica, from, to);
        }
      } catch (RuntimeException e) {
        LOG.warn("a TenantPoolListener failed on the transition of tenant {}", tenant, e);
      }
    }
  }
}
