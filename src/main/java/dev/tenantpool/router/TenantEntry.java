package dev.tenantpool.router;

import dev.tenantpool.observe.CoarseClock;
import dev.tenantpool.observe.TenantTelemetry;
import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.proxy.ConnectionOwner;
import dev.tenantpool.resilience.FailureClassifier;
import dev.tenantpool.resilience.TenantBreaker;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A routed tenant with a pool: the pool, the tenant's state (breaker, last failure) and its
 * telemetry (the state's). The object a borrow finds in the router's map and a connection reports
 * to, so it holds what the fast path reads directly (the breaker, not the state that also has it)
 * and a connection carries a single reference to everything it reports to.
 */
final class TenantEntry implements ConnectionOwner {
  private final String tenant;
  private final TenantPool pool;
  private final boolean tenantGuard;
  final TenantState state;
  final TenantBreaker breaker;
  final String server;
  final TenantTelemetry telemetry;
  // Where the pool connects; replaced when a catalog change rotates the tenant's password.
  volatile TenantTarget target;
  // CoarseClock milliseconds, written by a borrow only when they changed, without ordering: the
  // idle sweep only needs a recent value, and a write per borrow would bounce the line between cores.
  long lastUsedMillis;
  // Set once the pool leaves the router's map for good; a borrow that sees it routes to the
  // pool's successor (see TenantRouter.getConnection for why the order of the two reads matters).
  volatile boolean retiring;

  TenantEntry(
      String tenant, TenantPool pool, boolean tenantGuard, TenantState state, String server, TenantTelemetry telemetry) {
    this.tenant = tenant;
    this.server = server;
    this.pool = pool;
    this.tenantGuard = tenantGuard;
    this.state = state;
    this.breaker = state.breaker;
    this.telemetry = telemetry;
    this.lastUsedMillis = CoarseClock.millis();
  }

  /** A connection was lent now. */
  void used() {
    long now = CoarseClock.millis();
    if (lastUsedMillis != now) {
      lastUsedMillis = now;
    }
  }

  TenantPool pool() {
    return pool;
  }

  @Override
  public String tenant() {
    return tenant;
  }

  @Override
  public boolean tenantGuard() {
    return tenantGuard;
  }

  @Override
  public TenantTelemetry telemetry() {
    return telemetry;
  }

  @Override
  public void released(long borrowedAt) {
    telemetry.released(telemetry.nanosBetween(borrowedAt, telemetry.now()));
  }

  @Override
  public void removeAborted(Connection pooled) {
    pool.removeForGood(pooled);
  }

  /**
   * A statement failed. It is remembered as the tenant's last failure when it says the database
   * is unhealthy, but never counted by the breaker: a database that answers a statement, even
   * with an error, is up, and counting statement failures without their successes (which
   * would cost every statement a breaker update) let a burst of them open a healthy tenant's
   * circuit. The breaker learns of an outage from the connection attempts and borrows it judges.
   */
  @Override
  public SQLException failed(SQLException failure) {
    if (FailureClassifier.isDatabaseFailure(failure)) {
      state.failed(failure);
    }
    return failure;
  }
}
