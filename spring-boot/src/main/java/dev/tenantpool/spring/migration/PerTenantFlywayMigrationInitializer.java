package dev.tenantpool.spring.migration;

import dev.tenantpool.TenantPoolDataSource;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Boot's Flyway migration, once per tenant: each tenant gets a Flyway configured as Boot's
 * {@code Flyway} bean ({@code spring.flyway.*}, callbacks, Java migrations, customizers), on a
 * data source that lends only that tenant's connections, inside its {@code TenantContext}. An
 * application's {@link FlywayMigrationStrategy} is applied to each tenant's Flyway. A tenant whose
 * migration fails does not stop the others; start-up then fails naming every failed tenant. A
 * Flyway bean on another data source ({@code spring.flyway.url}, {@code @FlywayDataSource}) is
 * migrated once, as Boot does.
 */
final class PerTenantFlywayMigrationInitializer extends FlywayMigrationInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(PerTenantFlywayMigrationInitializer.class);

  private final Flyway flyway;
  private final FlywayMigrationStrategy strategy;
  private final TenantPoolDataSource dataSource;
  private final List<String> tenants;

  PerTenantFlywayMigrationInitializer(Flyway flyway, FlywayMigrationStrategy strategy, TenantPoolDataSource dataSource,
      List<String> tenants) {
    super(flyway, strategy);
    this.flyway = flyway;
    this.strategy = strategy;
    this.dataSource = dataSource;
    this.tenants = List.copyOf(tenants);
  }

  @Override
  public void afterPropertiesSet() throws Exception {
    Configuration configuration = flyway.getConfiguration();
    if (!isTenantPool(configuration.getDataSource())) {
      super.afterPropertiesSet();
      return;
    }
    if (tenants.isEmpty()) {
      MigrationTenants.warnNone("Flyway");
      return;
    }
    LOG.info("Flyway: migrating {} tenant{}: {}", tenants.size(), tenants.size() == 1 ? "" : "s", String.join(", ", tenants));
    dataSource.forEachTenant(tenants, (tenant, tenantDataSource) -> {
      Flyway tenantFlyway = Flyway.configure(configuration.getClassLoader())
          .configuration(configuration)
          .dataSource(tenantDataSource)
          .load();
      if (strategy != null) {
        strategy.migrate(tenantFlyway);
      } else {
        tenantFlyway.migrate();
      }
    });
  }

  private boolean isTenantPool(DataSource candidate) {
    if (candidate == dataSource) {
      return true;
    }
    try {
      return candidate != null && candidate.isWrapperFor(TenantPoolDataSource.class)
          && candidate.unwrap(TenantPoolDataSource.class) == dataSource;
    } catch (SQLException e) {
      return false;
    }
  }
}
