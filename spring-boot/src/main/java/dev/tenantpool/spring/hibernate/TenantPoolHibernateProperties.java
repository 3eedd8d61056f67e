package dev.tenantpool.spring.hibernate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import dev.tenantpool.hibernate.TenantContextResolver;
import dev.tenantpool.hibernate.TenantPoolConnectionProvider;
import java.util.Map;
import org.hibernate.cfg.MultiTenancySettings;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Makes Hibernate multi-tenant on the application's {@link TenantPoolDataSource}: its connection
 * provider is a {@link TenantPoolConnectionProvider} over that data source (Hibernate borrows
 * from the session's tenant's pool, never through a pool of its own), and its tenant resolver a
 * {@link TenantContextResolver} (the session's tenant is {@code TenantContext}'s). The root and
 * default tenant are the data source's ({@code spring.datasource.tenantpool.hibernate.root-tenant},
 * {@code .default-tenant}): set once, they serve Hibernate too. Settings the application gives
 * Hibernate itself ({@code spring.jpa.properties.*}) are left as they are.
 */
public final class TenantPoolHibernateProperties implements HibernatePropertiesCustomizer {
  private final TenantPoolDataSource dataSource;

  TenantPoolHibernateProperties(TenantPoolDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void customize(Map<String, Object> hibernateProperties) {
    hibernateProperties.putIfAbsent(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER,
        new TenantPoolConnectionProvider(dataSource));
    // priority 1 - the application's spring.jpa.properties.tenantpool.*; priority 2 - the data source's
    String root = first(hibernateProperties.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key()),
        dataSource.setting(TenantPoolProperty.HIBERNATE_ROOT_TENANT));
    String defaultTenant = first(hibernateProperties.get(TenantPoolProperty.DEFAULT_TENANT.key()),
        dataSource.setting(TenantPoolProperty.DEFAULT_TENANT));
    hibernateProperties.putIfAbsent(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER,
        new TenantContextResolver(root, defaultTenant));
  }

  private static String first(Object given, String setting) {
    if (given != null && !given.toString().isBlank()) {
      return given.toString().trim();
    }
    return setting;
  }
}
