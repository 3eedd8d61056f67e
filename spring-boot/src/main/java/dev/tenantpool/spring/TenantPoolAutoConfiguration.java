package dev.tenantpool.spring;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.StringUtils;

/**
 * The application's DataSource when {@code spring.datasource.url} starts with
 * {@code jdbc:tenantpool:}: a {@link TenantPoolDataSource} built from {@code spring.datasource.url},
 * {@code .username}, {@code .password} and every {@code spring.datasource.tenantpool.*} key, with
 * Boot's {@link MeterRegistry} and {@link OpenTelemetry} beans when the application has them. It
 * runs before Boot's {@link DataSourceAutoConfiguration}, which then backs off: Boot builds no
 * pool of its own around TenantPool's (an outer pool would hand one tenant's connections to
 * another).
 *
 * <p>Also a {@link TaskDecorator} that carries the submitting thread's {@link TenantContext} to
 * {@code @Async} methods and to the executors and schedulers Boot builds.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({DataSource.class, DataSourceProperties.class})
@ConditionalOnTenantPoolUrl
@EnableConfigurationProperties({DataSourceProperties.class, TenantPoolProperties.class})
public final class TenantPoolAutoConfiguration {
  /** The data source's name (its meters' {@code datasource} tag) unless {@code spring.datasource.name} sets one. */
  public static final String DEFAULT_NAME = "dataSource";

  @Bean
  @ConditionalOnMissingBean(DataSource.class)
  TenantPoolDataSource dataSource(DataSourceProperties properties, Environment environment,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<OpenTelemetry> openTelemetry) {
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
        .url(properties.getUrl().trim())
        .name(StringUtils.hasText(properties.getName()) ? properties.getName() : DEFAULT_NAME);
    if (properties.getUsername() != null) {
      builder.username(properties.getUsername());
    }
    if (properties.getPassword() != null) {
      builder.password(properties.getPassword());
    }
    TenantPoolKeys.bind(environment).forEach(builder::property);
    meterRegistry.ifUnique(builder::meterRegistry);
    openTelemetry.ifUnique(builder::openTelemetry);
    return builder.build();
  }

  @Bean
  TaskDecorator tenantContextTaskDecorator() {
    return TenantContext::wrap;
  }
}
