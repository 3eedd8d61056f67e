package dev.tenantpool.demo;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantPoolListener;
import java.util.Map;

/**
 * Hears the driver's circuit transitions and writes them into the run's event log and the
 * tenant's numbers, so the table, the event lines and the summary can say when a circuit opened
 * and closed. Called on the workload thread that caused the transition: it only appends.
 */
final class CircuitEvents implements TenantPoolListener {
  private final EventLog events;
  private final Map<String, TenantStats> stats;

  CircuitEvents(EventLog events, Map<String, TenantStats> stats) {
    this.events = events;
    this.stats = stats;
  }

  @Override
  public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
    long elapsedMs = events.elapsedMs();
    TenantStats tenantStats = stats.get(tenant);
    if (tenantStats != null) {
      tenantStats.circuitTransition(elapsedMs, to.name());
    }
    events.add(elapsedMs, tenant + " circuit " + from + " -> " + to + explain(to));
  }

  private static String explain(CircuitState to) {
    switch (to) {
      case OPEN:
        return " (calls fail fast with TP004)";
      case HALF_OPEN:
        return " (probing whether the database is back)";
      case CLOSED:
        return " (recovered)";
      default:
        return "";
    }
  }
}
