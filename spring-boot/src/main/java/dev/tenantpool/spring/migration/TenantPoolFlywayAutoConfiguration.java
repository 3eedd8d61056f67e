package dev.tenantpool.spring.migration;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import dev.tenantpool.spring.TenantPoolProperties;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Flyway for every tenant ({@code spring.datasource.tenantpool.tenants}): declares the
 * {@link FlywayMigrationInitializer} before Boot's {@link FlywayAutoConfiguration}, whose own then
 * backs off. JPA and everything else that waits for Boot's migration waits for this one.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class, before = FlywayAutoConfiguration.class)
@ConditionalOnClass({Flyway.class, FlywayMigrationInitializer.class, JdbcUtils.class})
@ConditionalOnBean(TenantPoolDataSource.class)
@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
public final class TenantPoolFlywayAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  FlywayMigrationInitializer flywayInitializer(Flyway flyway, ObjectProvider<FlywayMigrationStrategy> strategy,
      TenantPoolDataSource dataSource, TenantPoolProperties properties) {
    return new PerTenantFlywayMigrationInitializer(flyway, strategy.getIfAvailable(), dataSource,
        MigrationTenants.of(properties, dataSource));
  }
}
