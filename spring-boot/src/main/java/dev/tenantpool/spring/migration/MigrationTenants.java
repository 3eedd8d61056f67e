package dev.tenantpool.spring.migration;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import dev.tenantpool.spring.TenantPoolProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants that start-up work (Flyway, spring.sql.init) runs for:
 * {@code spring.datasource.tenantpool.tenants}, else {@code tenantpool.defaultTenant}, else none.
 * TenantPool's API does not list a catalog's tenants (its {@code tenants()} are the tenants with a
 * pool open now), so a catalog's tenants must be listed here as well.
 */
final class MigrationTenants {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationTenants.class);

  private MigrationTenants() {}

  static List<String> of(TenantPoolProperties properties, TenantPoolDataSource dataSource) {
    if (!properties.getTenants().isEmpty()) {
      return List.copyOf(properties.getTenants());
    }
    String defaultTenant = dataSource.setting(TenantPoolProperty.DEFAULT_TENANT);
    if (defaultTenant != null) {
      return List.of(defaultTenant);
    }
    return List.of();
  }

  /** Warns that {@code what} has no tenant to run for. */
  static void warnNone(String what) {
    LOG.warn("{} runs for no tenant: list the application's tenants in {}.tenants", what, TenantPoolProperties.PREFIX);
  }
}
