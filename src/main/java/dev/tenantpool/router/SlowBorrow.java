package dev.tenantpool.router;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.observe.AcquireOutcome;
import dev.tenantpool.observe.TenantTelemetry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The borrow the fast path in {@link TenantRouter#getConnection} leaves to others: a tenant
 * without a pool yet, a pause, a breaker that must be asked, a pool with no idle connection, a
 * pool retired under the call.
 */
final class SlowBorrow {
  // Routing again after a pool was retired under the call; a pool is retired rarely, so twice
  // in a row means something is wrong, and the caller gets the error instead of a loop.
  private static final int MAX_REROUTES = 2;

  private final TenantTable table;
  private final PauseGate pauses;
  private final PoolCreation creation;

  SlowBorrow(TenantTable table, PauseGate pauses, PoolCreation creation) {
    this.table = table;
    this.pauses = pauses;
    this.creation = creation;
  }

  /**
   * Everything the fast path leaves: creating or joining the creation of a tenant's pool, waiting
   * out a pause, asking the breaker, waiting for a connection in slices, routing again when the
   * pool was retired under the call. One deadline for the whole call, from {@code start}:
   * joining a pool's creation, waiting out a pause and the borrow share the tenant's
   * connectionTimeout rather than getting one each.
   */
  Connection getConnection(String tenant, String borrowedUnder, long start) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      TenantEntry entry = table.entries.get(tenant);
      if (entry == null) {
        if (pauses.anyPaused()) {
          // Paused before it has a pool: wait here, so maintenance never sees a new connection.
          pauses.awaitResume(tenant, null, start);
        }
        try {
          // A tenant whose creations opened its circuit is refused before anything is resolved,
          // parsed or allocated for a creation that would be refused anyway.
          TenantState known = table.states.get(tenant);
          if (known != null) {
            known.breaker.refuseWhileOpen();
          }
          entry = creation.createOrJoin(tenant, start);
        } catch (SQLException e) {
          recordFailedAcquire(tenant, e, System.nanoTime() - start);
          throw e;
        }
      }
      if (pauses.anyPaused()) {
        pauses.awaitResume(tenant, entry.telemetry, start);
      }
      try {
        entry.breaker.acquirePermission();
      } catch (CircuitOpenException e) {
        entry.telemetry.circuitRejected();
        entry.telemetry.acquireFailed(AcquireOutcome.REJECTED, System.nanoTime() - start);
        throw e;
      }
      Connection pooled;
      try {
        pooled = entry.pool().borrow(start);
      } catch (SQLException e) {
        long elapsed = System.nanoTime() - start;
        // The pool was retired between lookup and borrow: route again to its successor.
        if ((entry.retiring || entry.pool().isClosed()) && attempt < MAX_REROUTES) {
          entry.breaker.onBorrowFailure(elapsed, e, false);
          table.entries.remove(tenant, entry);
          continue;
        }
        entry.state.failed(e);
        entry.breaker.onBorrowFailure(elapsed, e, PoolCreation.saysDatabaseFailed(e));
        entry.telemetry.acquireFailed(
            TenantPoolSqlState.POOL_TIMEOUT.code().equals(e.getSQLState()) ? AcquireOutcome.TIMEOUT : AcquireOutcome.ERROR,
            elapsed);
        throw e;
      }
      if (entry.retiring && attempt < MAX_REROUTES) {
        // Retired while we borrowed: its closing would abort this connection under the caller.
        // PoolRetirement.markRetiring marks the entry before the pool's active count is read, and the borrow made
        // this connection active before this read, so one of the two sees the other.
        Lending.returnQuietly(pooled, null);
        entry.breaker.permissionUnused();
        continue;
      }
      return Lending.recorded(entry, pooled, borrowedUnder, entry.telemetry.now(), System.nanoTime() - start);
    }
  }

  /**
   * Records a {@code getConnection} that found no pool and got none, for a tenant the router
   * remembers (an invalid tenant id, or one past MAX_STATES_WITHOUT_POOL, gets no series).
   */
  private void recordFailedAcquire(String tenant, SQLException failure, long nanos) {
    TenantState state = table.states.get(tenant);
    TenantTelemetry telemetry = state == null ? null : state.telemetry;
    if (telemetry == null) {
      return;
    }
    AcquireOutcome outcome;
    if (failure instanceof CircuitOpenException) {
      telemetry.circuitRejected();
      outcome = AcquireOutcome.REJECTED;
    } else if (TenantPoolSqlState.POOL_TIMEOUT.code().equals(failure.getSQLState())) {
      outcome = AcquireOutcome.TIMEOUT;
    } else {
      outcome = AcquireOutcome.ERROR;
    }
    telemetry.acquireFailed(outcome, nanos);
  }
}
