package dev.tenantpool.spring.hibernate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.TenantPoolAutoConfiguration;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hibernate's multi-tenancy over the application's {@link TenantPoolDataSource}, with JPA on the
 * class path: see {@link TenantPoolHibernateProperties}.
 */
@AutoConfiguration(after = TenantPoolAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({HibernatePropertiesCustomizer.class, MultiTenantConnectionProvider.class})
@ConditionalOnBean(TenantPoolDataSource.class)
public final class TenantPoolHibernateAutoConfiguration {
  @Bean
  TenantPoolHibernateProperties tenantPoolHibernateProperties(TenantPoolDataSource dataSource) {
    return new TenantPoolHibernateProperties(dataSource);
  }
}
