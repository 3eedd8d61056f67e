package dev.tenantpool;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Every SQLState TenantPool itself raises. The codes are a public contract: applications and the
 * circuit breaker match on them, and the README table is checked against this enum by a test.
 *
 * <p>Codes of class {@code TP} are TenantPool's own (classes starting with a letter from I to Z are
 * implementation-defined by SQL:2016); the others are the standard codes for the same situation.
 * When a target driver reports the failure (a database that does not exist, a refused login), its
 * own SQLState is kept instead, so the application sees what PostgreSQL said.
 */
public enum TenantPoolSqlState {
  /** A {@code tenantpool.*} key is unknown, or its value is malformed or out of range. */
  INVALID_CONFIGURATION("22023", "A tenantpool.* key is unknown or its value is invalid; the message names the key and what it accepts."),
  /** No tenant could be resolved for a {@code getConnection}. */
  NO_TENANT("TP001", "No tenant for getConnection: set the tenantpool.tenant property, open a TenantContext scope, or configure tenantpool.defaultTenant."),
  /** The tenant id does not match {@code tenantpool.tenantPattern}; it never reached a server. */
  INVALID_TENANT("TP002", "The tenant id does not match tenantpool.tenantPattern; it was rejected before reaching any URL or server."),
  /** The tenant guard refused a connection bound to a different tenant than the current one. */
  TENANT_MISMATCH("TP003", "Tenant guard: the connection is used under a TenantContext that is neither its own tenant nor the scope it was asked for in (an outer pool or a cached connection crossed tenants)."),
  /** The tenant's circuit breaker is open: the call failed fast without touching the database. */
  CIRCUIT_OPEN("TP004", "The tenant's circuit breaker is open; the call failed fast. The message says when the next probe is allowed."),
  /** The tenant's pool is paused for maintenance. */
  TENANT_PAUSED("TP005", "The tenant's pool is paused (pause/resume); no new connections are lent until it is resumed."),
  /** No connection became available within {@code tenantpool.connectionTimeout}. */
  POOL_TIMEOUT("TP006", "No connection of the tenant's pool became available within tenantpool.connectionTimeout; the message carries active/idle/waiting counts and says whether the pool was busy or the database failed."),
  /** The data source or driver configuration was closed. */
  CLOSED("TP007", "The TenantPoolDataSource (or the driver configuration) was closed; create a new one."),
  /** A tenant catalog is configured and does not list the tenant; nothing was routed. */
  UNKNOWN_TENANT("TP008", "The tenant is not in the tenant catalog (tenantpool.catalog); add it there, or set tenantpool.catalog.templateFallback=true to route unlisted tenants by the URL template."),
  /** No registered JDBC driver accepts the target URL, the tenant's first connection failed with no SQLState of its own, or the catalog table cannot be read. */
  CONNECTION_FAILED("08001", "The tenant's pool could not open a connection: no driver accepts the target URL, or the target driver failed without an SQLState of its own; or a tenant catalog table has not been read yet (the message says why)."),
  /** The connection, statement or result set was already closed. */
  CONNECTION_CLOSED("08003", "The connection (or statement) was used after close().");

  private final String code;
  private final String description;

  TenantPoolSqlState(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The five-character SQLState. */
  public String code() {
    return code;
  }

  /** What the state means and how to fix it, as documented in the README. */
  public String description() {
    return description;
  }

  /** An exception of the JDBC class that fits this state, carrying the code. */
  public SQLException exception(String message) {
    return exception(message, null);
  }

  /** An exception of the JDBC class that fits this state, carrying the code and a cause. */
  public SQLException exception(String message, Throwable cause) {
    switch (this) {
      case POOL_TIMEOUT:
      case TENANT_PAUSED:
        return new SQLTransientConnectionException(message, code, cause);
      case CONNECTION_CLOSED:
      case CONNECTION_FAILED:
      case CLOSED:
        return new SQLNonTransientConnectionException(message, code, cause);
      default:
        return new SQLException(message, code, cause);
    }
  }
}
