package dev.tenantpool;

import java.sql.SQLTransientConnectionException;
import java.time.Instant;

/**
 * Thrown by {@code getConnection} while the tenant's circuit breaker is open: the call failed
 * fast, without touching the database. SQLState {@code TP004}. Transient: the same call may
 * succeed after {@link #nextProbeAt()}.
 */
public final class CircuitOpenException extends SQLTransientConnectionException {
  private static final long serialVersionUID = 1L;

  private final String tenant;
  private final Instant nextProbeAt;

  /** An exception for {@code tenant} whose breaker lets a probe through at {@code nextProbeAt}. */
  public CircuitOpenException(String message, String tenant, Instant nextProbeAt, Throwable cause) {
    super(message, TenantPoolSqlState.CIRCUIT_OPEN.code(), cause);
    this.tenant = tenant;
    this.nextProbeAt = nextProbeAt;
  }

  /** The tenant whose circuit is open. */
  public String tenant() {
    return tenant;
  }

  /** When the breaker will let the next probe call through. */
  public Instant nextProbeAt() {
    return nextProbeAt;
  }
}
