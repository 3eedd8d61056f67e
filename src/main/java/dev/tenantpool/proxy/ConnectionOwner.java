package dev.tenantpool.proxy;

import dev.tenantpool.observe.TenantTelemetry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a {@link TenantConnection} reports to, and learns from, the tenant that lent it: the
 * router implements it once per tenant pool, so a connection carries one reference instead of
 * many.
 */
public interface ConnectionOwner {
  /** The tenant the connection belongs to. */
  String tenant();

  /** Whether use under another tenant's {@code TenantContext} is refused. */
  boolean tenantGuard();

  /** Where statement timings and spans go. */
  TenantTelemetry telemetry();

  /**
   * The connection was closed (returned to its pool); {@code borrowedAt} is the reading of the
   * owner's clock it was wrapped with.
   */
  void released(long borrowedAt);

  /**
   * A statement on the connection failed with {@code failure}; the owner may classify it (e.g.
   * for a circuit breaker). Returns the exception to throw, normally {@code failure} itself.
   */
  SQLException failed(SQLException failure);

  /**
   * The application aborted the connection: {@code pooled} (already aborted) must leave its pool
   * for good rather than be lent again.
   */
  void removeAborted(Connection pooled) throws SQLException;
}
