package dev.tenantpool.samples.clinic.tenancy;

import dev.tenantpool.TenantPoolDataSource;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.ApplicationDataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The set-up by hand, for an application without TenantPool's Spring Boot starter: TenantPool is the
 * application's DataSource (Boot then builds no pool of its own around it), and Boot's SQL
 * initialisation runs for every tenant. Slice tests import it ({@code @DataJpaTest} loads no
 * configuration class of the application's own).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqlInitializationProperties.class)
public class TenantPoolConfiguration {

  /** Built from spring.datasource.url, .username and .password, as Boot's own would be. */
  @Bean(destroyMethod = "close")
  public TenantPoolDataSource dataSource(DataSourceProperties datasource) {
    return TenantPoolDataSource.builder()
        .url(datasource.getUrl())
        .username(datasource.getUsername())
        .password(datasource.getPassword())
        .build();
  }

  /**
   * spring.sql.init's scripts, run in every tenant's database. Boot's own initializer would run
   * them once, for whatever tenant a connection without a TenantContext gets (the default tenant,
   * or none at all); declaring this one makes Boot's back off.
   */
  @Bean
  public ApplicationDataSourceScriptDatabaseInitializer tenantSchemas(
      TenantPoolDataSource dataSource, SqlInitializationProperties sql, @Value("${clinic.tenants}") List<String> tenants) {
    return new PerTenantScriptInitializer(dataSource, sql, tenants);
  }
}
