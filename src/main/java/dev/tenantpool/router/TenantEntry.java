package dev.tenantpool.router;

import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.proxy.ConnectionOwner;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A routed tenant: its pool and the per-tenant state that connections report to. One object per
 * tenant, so a connection carries a single reference to everything it reports to.
 */
final class TenantEntry implements ConnectionOwner {
  private final String tenant;
  private final TenantPool pool;
  private final boolean tenantGuard;

  TenantEntry(String tenant, TenantPool pool, boolean tenantGuard) {
    this.tenant = tenant;
    this.pool = pool;
    this.tenantGuard = tenantGuard;
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
  public void released(long borrowedAtNanos) {
    // Seam for the lease-time metric.
  }

  @Override
  public void discard(Connection pooled) {
    pool.evict(pooled);
  }

  @Override
  public SQLException failed(SQLException failure) {
    // Seam for the circuit breaker's classification of statement failures.
    return failure;
  }
}
