package dev.tenantpool.hibernate;

import dev.tenantpool.TenantPoolProperty;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;

/**
 * Hands {@link TenantContextResolver} its settings when a SessionFactory starts. Hibernate builds
 * the resolver from its class name without settings; this integrator, found by Hibernate through
 * {@code META-INF/services/org.hibernate.integrator.spi.Integrator}, gives it the root and default
 * tenant that {@link TenantPoolConnectionProvider} resolved (Hibernate settings, then the URL's
 * query), or, with another provider, those of the Hibernate settings. It does nothing for a
 * SessionFactory that uses another resolver.
 */
public final class TenantPoolIntegrator implements Integrator {
  /** For {@link java.util.ServiceLoader}. */
  public TenantPoolIntegrator() {}

  @Override
  public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
    // Through Object: Hibernate types the resolver CurrentTenantIdentifierResolver<Object>.
    Object configured = sessionFactory.getCurrentTenantIdentifierResolver();
    if (!(configured instanceof TenantContextResolver)) {
      return;
    }
    TenantContextResolver resolver = (TenantContextResolver) configured;
    MultiTenantConnectionProvider<?> provider =
        sessionFactory.getServiceRegistry().getService(MultiTenantConnectionProvider.class);
    if (provider instanceof TenantPoolConnectionProvider) {
      TenantPoolConnectionProvider ours = (TenantPoolConnectionProvider) provider;
      resolver.configure(ours.rootTenant(), ours.defaultTenant());
      return;
    }
    Map<String, Object> settings =
        sessionFactory.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
    resolver.configure(
        stringOrNull(settings.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key())),
        stringOrNull(settings.get(TenantPoolProperty.DEFAULT_TENANT.key())));
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : value.toString();
  }
}
