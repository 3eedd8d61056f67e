package dev.tenantpool;

import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantTarget;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves every tenant's {@code position}-th read replica, for the router of that position: the
 * replica's URL, with the login, pool and breaker settings and tier the tenant's primary resolves
 * to (a replica is the same tenant's data, reached elsewhere). Shares the primary's resolver and
 * never closes it: the primary router does.
 */
final class ReplicaResolver implements TenantResolver {
  private final TenantResolver primary;
  private final ReplicaRoutes routes;
  private final int position;

  ReplicaResolver(TenantResolver primary, ReplicaRoutes routes, int position) {
    this.primary = primary;
    this.routes = routes;
    this.position = position;
  }

  @Override
  public TenantTarget resolve(String tenant) throws SQLException {
    List<String> urls = routes.replicaUrls(tenant);
    if (position >= urls.size()) {
      throw TenantPoolSqlState.UNKNOWN_TENANT.exception("tenant " + tenant + " has " + urls.size()
          + " read replicas, not " + (position + 1) + " (tenantpool.replicaUrl, or the replicas field of its catalog entry)");
    }
    TenantTarget target = primary.resolve(tenant);
    return new TenantTarget(urls.get(position), target.properties(), target.pool(), target.breaker(), target.tier());
  }

  @Override
  public void subscribe(Consumer<String> changed) {
    primary.subscribe(changed);
  }

  @Override
  public String toString() {
    return "ReplicaResolver[" + (position + 1) + ", " + primary + "]";
  }
}
