package dev.tenantpool;

import javax.sql.DataSource;

/**
 * Work run for one tenant by {@link TenantPoolDataSource#forEachTenant}, typically a schema
 * migration.
 *
 * <pre>{@code
 * dataSource.forEachTenant(tenants, (tenant, tenantDataSource) ->
 *     Flyway.configure().dataSource(tenantDataSource).load().migrate());
 * }</pre>
 */
@FunctionalInterface
public interface TenantWork {
  /**
   * Does the work for {@code tenant}. It runs inside {@code tenant}'s {@link TenantContext} scope,
   * and {@code dataSource} lends only that tenant's connections.
   *
   * @throws Exception any failure; it is recorded for this tenant and the next tenant still runs
   */
  void run(String tenant, DataSource dataSource) throws Exception;
}
