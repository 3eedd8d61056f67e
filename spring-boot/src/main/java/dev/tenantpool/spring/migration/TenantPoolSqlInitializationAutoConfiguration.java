package dev.tenantpool.spring.migration;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import dev.tenantpool.spring.TenantPoolProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.ConditionalOnSqlInitialization;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.init.DatabasePopulator;

/**
 * {@code spring.sql.init} for every tenant ({@code spring.datasource.tenantpool.tenants}): declares
 * the application's script initializer before Boot's {@link DataSourceInitializationAutoConfiguration},
 * whose own then backs off. {@code spring.sql.init.username}/{@code .password} are not used: the
 * scripts run with {@code spring.datasource}'s login.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class, before = DataSourceInitializationAutoConfiguration.class)
@ConditionalOnClass({DatabasePopulator.class, ApplicationDataSourceScriptDatabaseInitializer.class})
@ConditionalOnBean(TenantPoolDataSource.class)
@ConditionalOnMissingBean(ApplicationScriptDatabaseInitializer.class)
@ConditionalOnSqlInitialization
@EnableConfigurationProperties(SqlInitializationProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class TenantPoolSqlInitializationAutoConfiguration {
  @Bean
  ApplicationDataSourceScriptDatabaseInitializer dataSourceScriptDatabaseInitializer(TenantPoolDataSource dataSource,
      SqlInitializationProperties sql, TenantPoolProperties properties) {
    return new PerTenantScriptDatabaseInitializer(dataSource, ApplicationScriptDatabaseInitializer.getSettings(sql),
        MigrationTenants.of(properties, dataSource));
  }
}
