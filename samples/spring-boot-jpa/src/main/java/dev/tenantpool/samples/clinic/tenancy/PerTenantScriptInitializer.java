package dev.tenantpool.samples.clinic.tenancy;

import dev.tenantpool.TenantPoolDataSource;
import java.util.List;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;

/**
 * Boot's SQL initialisation (schema.sql, data.sql, spring.sql.init.*) once per tenant, each run
 * on a data source bound to that tenant. Being a Boot script initializer, JPA and repositories
 * wait for it, as they wait for Boot's own.
 */
final class PerTenantScriptInitializer extends ApplicationDataSourceScriptDatabaseInitializer {
  private final TenantPoolDataSource dataSource;
  private final SqlInitializationProperties sql;
  private final List<String> tenants;

  PerTenantScriptInitializer(TenantPoolDataSource dataSource, SqlInitializationProperties sql, List<String> tenants) {
    super(dataSource, sql);
    this.dataSource = dataSource;
    this.sql = sql;
    this.tenants = List.copyOf(tenants);
  }

  @Override
  public boolean initializeDatabase() {
    boolean ran = false;
    for (String tenant : tenants) {
      ran |= new ApplicationDataSourceScriptDatabaseInitializer(dataSource.forTenant(tenant), sql).initializeDatabase();
    }
    return ran;
  }
}
