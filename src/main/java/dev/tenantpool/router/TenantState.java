package dev.tenantpool.router;

import dev.tenantpool.resilience.TenantBreaker;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What the router knows of a tenant beyond its pool: its breaker and its last failure. It
 * outlives a failed pool creation, so a tenant whose database is down before its first success
 * still gets a breaker that opens and fails fast.
 */
final class TenantState {
  final TenantBreaker breaker;
  private volatile Failure lastFailure;

  TenantState(TenantBreaker breaker) {
    this.breaker = breaker;
  }

  void failed(SQLException failure) {
    String state = failure.getSQLState();
    lastFailure = new Failure((state == null ? "" : "[" + state + "] ") + failure.getMessage(), Instant.now());
  }

  Failure lastFailure() {
    return lastFailure;
  }

  /** A failure's message (never holding a secret: TenantPool masks its own, drivers print none) and time. */
  record Failure(String message, Instant at) {}
}
