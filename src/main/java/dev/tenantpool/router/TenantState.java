package dev.tenantpool.router;

import dev.tenantpool.observe.PoolGauges;
import dev.tenantpool.observe.TenantTelemetry;
import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.resilience.TenantBreaker;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What the router knows of a tenant beyond its pool: its breaker, its last failure and its
 * telemetry. It outlives a failed pool creation, so a tenant whose database is down before its
 * first success still gets a breaker that opens and fails fast, and meters that show it (circuit
 * state, failed acquisitions): the state, not the pool, is the member of the tenant's meter group.
 */
final class TenantState implements PoolGauges {
  final String tenant;
  final TenantBreaker breaker;
  // Where the tenant's database is, for the background probe while its circuit is open (the
  // state outlives a failed pool creation, and the pool).
  final TenantTarget target;
  final String server;
  private volatile Failure lastFailure;
  // Null only while a state the router could not remember (see MAX_STATES_WITHOUT_POOL) has no pool.
  volatile TenantTelemetry telemetry;
  // The tenant's pool once it has one; the connection gauges read zero before.
  volatile TenantPool pool;

  TenantState(String tenant, TenantBreaker breaker, TenantTarget target, String server) {
    this.tenant = tenant;
    this.breaker = breaker;
    this.target = target;
    this.server = server;
  }

  void failed(SQLException failure) {
    String state = failure.getSQLState();
    lastFailure = new Failure((state == null ? "" : "[" + state + "] ") + failure.getMessage(), Instant.now());
  }

  Failure lastFailure() {
    return lastFailure;
  }

  /** The tenant's pool closed while this state is kept (its breaker is failing): gauges read zero. */
  void poolClosed(TenantPool closed) {
    if (pool == closed) {
      pool = null;
    }
  }

  @Override
  public int active() {
    TenantPool current = pool;
    return current == null ? 0 : current.activeConnections();
  }

  @Override
  public int idle() {
    TenantPool current = pool;
    return current == null ? 0 : current.idleConnections();
  }

  @Override
  public int pending() {
    TenantPool current = pool;
    return current == null ? 0 : current.pendingThreads();
  }

  @Override
  public int total() {
    TenantPool current = pool;
    return current == null ? 0 : current.totalConnections();
  }

  @Override
  public int circuitState() {
    return breaker.state().gaugeValue();
  }

  /**
   * A failure's message (never holding a secret: TenantPool's own show a URL as its system, host,
   * port and database only; drivers print none) and time.
   */
  record Failure(String message, Instant at) {}
}
