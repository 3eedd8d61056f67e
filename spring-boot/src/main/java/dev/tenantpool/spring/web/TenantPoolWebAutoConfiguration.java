package dev.tenantpool.spring.web;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import dev.tenantpool.spring.TenantPoolProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For servlet web applications, the {@link TenantContextFilter} that opens each request's
 * {@code TenantContext}, with the application's {@link TenantResolver} bean or, without one, the
 * {@code X-Tenant-Id} header ({@code spring.datasource.tenantpool.web.header}). Off with
 * {@code spring.datasource.tenantpool.web.enabled=false}.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Filter.class, OncePerRequestFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(TenantPoolDataSource.class)
@ConditionalOnBooleanProperty(name = TenantPoolProperties.PREFIX + ".web.enabled", matchIfMissing = true)
public final class TenantPoolWebAutoConfiguration {
  private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

  @Bean
  @ConditionalOnMissingBean(name = "tenantContextFilter")
  FilterRegistrationBean<TenantContextFilter> tenantContextFilter(TenantPoolDataSource dataSource,
      TenantPoolProperties properties, ObjectProvider<TenantResolver> resolver, Environment environment) {
    TenantPoolProperties.Web web = properties.getWeb();
    TenantResolver chosen = resolver.getIfAvailable(() -> new HeaderTenantResolver(web.getHeader()));
    List<String> excluded = new ArrayList<>(web.getExcludePaths());
    excluded.add("/error");
    if (ClassUtils.isPresent(ACTUATOR, getClass().getClassLoader())) {
      excluded.add(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
    }
    TenantContextFilter filter = new TenantContextFilter(chosen, new TenantIds(dataSource),
        web.isListedTenantsOnly() ? new LinkedHashSet<>(properties.getTenants()) : null, excluded);
    FilterRegistrationBean<TenantContextFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("tenantContextFilter");
    registration.setOrder(web.getFilterOrder());
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
    return registration;
  }
}
