package dev.tenantpool.spring.migration;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantWorkException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;

/**
 * Boot's SQL initialisation ({@code schema.sql}, {@code data.sql}, {@code spring.sql.init.*}) once
 * per tenant, each run on a data source that lends only that tenant's connections. Being a Boot
 * script initializer, JPA and the repositories wait for it as they wait for Boot's own. A tenant
 * whose scripts fail does not stop the others; start-up then fails naming every failed tenant.
 */
final class PerTenantScriptDatabaseInitializer extends ApplicationDataSourceScriptDatabaseInitializer {
  private final TenantPoolDataSource dataSource;
  private final DatabaseInitializationSettings settings;
  private final List<String> tenants;

  PerTenantScriptDatabaseInitializer(TenantPoolDataSource dataSource, DatabaseInitializationSettings settings,
      List<String> tenants) {
    super(dataSource, settings);
    this.dataSource = dataSource;
    this.settings = settings;
    this.tenants = List.copyOf(tenants);
  }

  @Override
  public boolean initializeDatabase() {
    if (tenants.isEmpty()) {
      if (settings.getMode() == DatabaseInitializationMode.ALWAYS) {
        MigrationTenants.warnNone("spring.sql.init");
      }
      return false;
    }
    AtomicBoolean ran = new AtomicBoolean();
    try {
      dataSource.forEachTenant(tenants, (tenant, tenantDataSource) -> {
        if (new ApplicationDataSourceScriptDatabaseInitializer(tenantDataSource, settings).initializeDatabase()) {
          ran.set(true);
        }
      });
    } catch (TenantWorkException e) {
      throw new IllegalStateException("spring.sql.init failed: " + e.getMessage(), e);
    }
    return ran.get();
  }
}
