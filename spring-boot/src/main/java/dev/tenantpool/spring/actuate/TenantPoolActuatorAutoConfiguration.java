package dev.tenantpool.spring.actuate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import dev.tenantpool.spring.TenantPoolProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
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
import org.springframework.context.annotation.Configuration;

/**
 * The actuator's view of TenantPool: the {@code tenantpool} health contributor, the
 * {@code tenantpool} endpoint, and a {@code db} contributor that leaves the TenantPool data source
 * to {@code tenantpool}. Boot's {@code db} contributor would validate a connection of the data
 * source with no tenant, which TenantPool refuses (TP001), and report the application DOWN.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class, before = DataSourceHealthContributorAutoConfiguration.class)
@ConditionalOnBean(TenantPoolDataSource.class)
public final class TenantPoolActuatorAutoConfiguration {

  static AcquisitionTimes times(TenantPoolDataSource dataSource, ObjectProvider<MeterRegistry> registry) {
    // The registry the starter gave the data source; the driver's default otherwise.
    return new AcquisitionTimes(registry.getIfUnique(() -> Metrics.globalRegistry), dataSource);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class})
  @EnableConfigurationProperties(TenantPoolHealthProperties.class)
  static class Health {
    @Bean
    @ConditionalOnEnabledHealthIndicator("tenantpool")
    @ConditionalOnMissingBean(name = "tenantpoolHealthIndicator")
    TenantPoolHealthIndicator tenantpoolHealthIndicator(TenantPoolDataSource dataSource,
        ObjectProvider<MeterRegistry> registry, TenantPoolHealthProperties properties,
        ObjectProvider<TenantPoolProperties> starter) {
      return new TenantPoolHealthIndicator(dataSource, times(dataSource, registry), properties.getTenantOutageStatus(),
          starter.getIfAvailable(TenantPoolProperties::new).getTenants());
    }

    /** Boot's check for every other DataSource bean; none of them: no {@code db} entry at all. */
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
      } catch (java.sql.SQLException e) {
        return false;
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
  @ConditionalOnAvailableEndpoint(TenantPoolEndpoint.class)
  static class Operations {
    @Bean
    @ConditionalOnMissingBean
    TenantPoolEndpoint tenantPoolEndpoint(TenantPoolDataSource dataSource, ObjectProvider<MeterRegistry> registry) {
      return new TenantPoolEndpoint(dataSource, times(dataSource, registry));
    }
  }
}
