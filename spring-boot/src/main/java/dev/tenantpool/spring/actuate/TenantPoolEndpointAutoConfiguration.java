package dev.tenantpool.spring.actuate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code tenantpool} actuator endpoint ({@link TenantPoolEndpoint}), when it is available (exposed and not off). */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(TenantPoolDataSource.class)
@ConditionalOnAvailableEndpoint(TenantPoolEndpoint.class)
public final class TenantPoolEndpointAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  TenantPoolEndpoint tenantPoolEndpoint(TenantPoolDataSource dataSource, ObjectProvider<MeterRegistry> registry) {
    return new TenantPoolEndpoint(dataSource, AcquisitionTimes.of(dataSource, registry));
  }
}
