package dev.tenantpool.pool;

import dev.tenantpool.TenantPoolSqlState;
import java.sql.SQLTransientConnectionException;

/**
 * SQLState TP006: no connection within the time allowed. It says why, for the tenant's circuit
 * breaker: a timeout counts against a tenant's database only when the database is what failed
 * (its connections were refused, or a connection attempt hung), never when every connection was
 * simply in use (an outer pool holding them, a burst of load) or the server's connection budget
 * was spent by other tenants. One tenant's load must not open another tenant's circuit, and a
 * busy pool must not take its own healthy database offline.
 */
public final class PoolTimeoutException extends SQLTransientConnectionException {
  private static final long serialVersionUID = 1L;

  private final boolean databaseFailed;

  PoolTimeoutException(String message, Throwable cause, boolean databaseFailed) {
    super(message, TenantPoolSqlState.POOL_TIMEOUT.code(), cause);
    this.databaseFailed = databaseFailed;
  }

  /** True when the database (or the way to it) failed; false when the pool or budget was merely busy. */
  public boolean databaseFailed() {
    return databaseFailed;
  }
}
