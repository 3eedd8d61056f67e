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
  // False while Throwable's constructor asks for the stack trace (this field is not set yet), so
  // the trace is filled in below only when asked for: it is what costs a refused call most.
  private final boolean writableStackTrace;

  /** An exception for {@code tenant} whose breaker lets a probe through at {@code nextProbeAt}. */
  public CircuitOpenException(String message, String tenant, Instant nextProbeAt, Throwable cause) {
    this(message, tenant, nextProbeAt, cause, true);
  }

  /**
   * As {@link #CircuitOpenException(String, String, Instant, Throwable)}, with the stack trace
   * filled in only when {@code writableStackTrace}: a refusal without one costs a fraction of a
   * microsecond and a few dozen bytes, one with one (a walk of the whole stack) microseconds and
   * hundreds of bytes.
   */
  public CircuitOpenException(
      String message, String tenant, Instant nextProbeAt, Throwable cause, boolean writableStackTrace) {
    super(message, TenantPoolSqlState.CIRCUIT_OPEN.code(), cause);
    this.tenant = tenant;
    this.nextProbeAt = nextProbeAt;
    this.writableStackTrace = writableStackTrace;
    if (writableStackTrace) {
      super.fillInStackTrace();
    }
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return writableStackTrace ? super.fillInStackTrace() : this;
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
