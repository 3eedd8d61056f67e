package dev.tenantpool.spring.actuate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import dev.tenantpool.spring.TenantPoolProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tenantpool} health contributor ({@link TenantPoolHealthIndicator}), and a {@code db}
 * contributor that leaves the TenantPool data source to it. Boot's own {@code db} contributor
 * would validate a connection of the data source with no tenant, which TenantPool refuses (TP001),
 * and report the application DOWN; this one checks the application's other DataSources only.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class, before = DataSourceHealthContributorAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, DataSourceHealthIndicator.class})
@ConditionalOnBean(TenantPoolDataSource.class)
@EnableConfigurationProperties(TenantPoolHealthProperties.class)
public final class TenantPoolHealthContributorAutoConfiguration {
  @Bean
  @ConditionalOnEnabledHealthIndicator("tenantpool")
  @ConditionalOnMissingBean(name = "tenantpoolHealthIndicator")
  TenantPoolHealthIndicator tenantpoolHealthIndicator(TenantPoolDataSource dataSource,
      ObjectProvider<MeterRegistry> registry, TenantPoolHealthProperties properties,
      ObjectProvider<TenantPoolProperties> starter) {
    return new TenantPoolHealthIndicator(dataSource, AcquisitionTimes.of(dataSource, registry),
        properties.getTenantOutageStatus(), starter.getIfAvailable(TenantPoolProperties::new).getTenants());
  }

  /** Boot's check for every other DataSource bean; with none, no {@code db} entry at all. */
  @Bean
  @ConditionalOnEnabledHealthIndicator("db")
  @ConditionalOnMissingBean(name = {"dbHealthIndicator", "dbHealthContributor"})
  HealthContributor dbHealthContributor(ConfigurableListableBeanFactory beanFactory) {
    Map<String, DataSourceHealthIndicator> others = new LinkedHashMap<>();
    beanFactory.getBeansOfType(DataSource.class, false, true).forEach((name, dataSource) -> {
      if (!isTenantPool(dataSource)) {
        others.put(name, new DataSourceHealthIndicator(dataSource));
      }
    });
    if (others.size() == 1) {
      return others.values().iterator().next();
    }
    return CompositeHealthContributor.fromMap(others);
  }

  private static boolean isTenantPool(DataSource dataSource) {
    try {
      return dataSource instanceof TenantPoolDataSource || dataSource.isWrapperFor(TenantPoolDataSource.class);
    } catch (SQLException e) {
      return false;
    }
  }
}
