package dev.tenantpool.router;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.pool.TenantPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The health of tenants as operators see it: pool counts, circuit state, pause, last failure,
 * and on request a validation probe. Reads the router's table; a probe of a tenant without a
 * pool creates it (through {@link PoolCreation}), as a borrow would.
 */
final class HealthReport {
  private final TenantTable table;
  private final PoolCreation creation;
  private final PauseGate pauses;
  private final boolean breakerEnabled;
  private final long validationTimeoutMs;

  HealthReport(RouterSettings settings, TenantTable table, PoolCreation creation, PauseGate pauses) {
    this.table = table;
    this.creation = creation;
    this.pauses = pauses;
    this.breakerEnabled = settings.breaker().enabled();
    this.validationTimeoutMs = settings.pool().validationTimeoutMs();
  }

  /** The breaker state of {@code tenant} ({@link CircuitState#CLOSED} for a tenant never seen). */
  CircuitState circuitState(String tenant) {
    TenantState state = table.states.get(tenant);
    if (state != null) {
      return state.breaker.state();
    }
    return breakerEnabled ? CircuitState.CLOSED : CircuitState.DISABLED;
  }

  /** Every tenant that has a pool, sorted, without probing. */
  List<TenantHealth> all() {
    List<TenantHealth> all = new ArrayList<>();
    for (String tenant : new TreeSet<>(table.entries.keySet())) {
      TenantEntry entry = table.entries.get(tenant);
      if (entry != null) {
        all.add(of(tenant, entry, null, 0));
      }
    }
    return all;
  }

  /**
   * The health of {@code tenant}, with a validation probe: a connection is borrowed from its pool
   * (created if needed; bypassing the breaker, so an open circuit can be checked) and validated.
   */
  TenantHealth probe(String tenant) throws SQLException {
    creation.validate(tenant);
    long start = System.nanoTime();
    boolean ok;
    TenantEntry entry = table.entries.get(tenant);
    try {
      if (entry == null) {
        entry = creation.createOrJoin(tenant, start);
      }
      try (Connection probe = entry.pool().borrow(start)) {
        ok = probe.isValid((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(validationTimeoutMs)));
      }
    } catch (SQLException e) {
      ok = false;
      TenantState state = table.states.get(tenant);
      if (state != null) {
        state.failed(e);
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (entry == null) {
      TenantState state = table.states.get(tenant);
      TenantState.Failure last = state == null ? null : state.lastFailure();
      return new TenantHealth(tenant, 0, 0, 0, 0, circuitState(tenant), pauses.isPaused(tenant),
          last == null ? null : last.message(), last == null ? null : last.at(), ok, millis);
    }
    return of(tenant, entry, ok, millis);
  }

  private TenantHealth of(String tenant, TenantEntry entry, Boolean probeOk, long probeMillis) {
    TenantPool pool = entry.pool();
    TenantState.Failure last = entry.state.lastFailure();
    Instant at = last == null ? null : last.at();
    return new TenantHealth(tenant, pool.activeConnections(), pool.idleConnections(), pool.pendingThreads(),
        pool.totalConnections(), entry.breaker.state(), pauses.isPaused(tenant), last == null ? null : last.message(),
        at, probeOk, probeMillis);
  }
}
