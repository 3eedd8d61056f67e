package dev.tenantpool.hibernate;

import dev.tenantpool.TenantContext;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Tells Hibernate the current tenant from {@link TenantContext}, so a session opened inside
 * {@code TenantContext.use("acme")} works for acme. Set it by class name:
 * {@code hibernate.tenant_identifier_resolver=dev.tenantpool.hibernate.TenantContextResolver}.
 *
 * <p>With no tenant in the context it answers {@code tenantpool.defaultTenant} when that is
 * configured, and otherwise {@link #NO_TENANT}: Hibernate may then open a session (Spring Data
 * does, to build its queries at start-up, outside any request), but the session reaches no
 * database: {@link TenantPoolConnectionProvider} refuses its connections with SQLState TP001.
 * TenantPool never falls back to a tenant you did not name. A tenant given explicitly,
 * {@code sessionFactory.withOptions().tenantIdentifier("acme")}, takes precedence over this
 * resolver.
 *
 * <p>{@link #isRoot} is true for {@code tenantpool.hibernate.rootTenant}, the tenant Hibernate
 * uses for start-up and metadata work. Both settings are read from the Hibernate settings (and,
 * with {@link TenantPoolConnectionProvider}, the URL's query) by {@link TenantPoolIntegrator}
 * when the SessionFactory starts; code that builds the resolver itself passes them to the
 * constructor instead.
 */
public final class TenantContextResolver implements CurrentTenantIdentifierResolver<String> {
  /**
   * The tenant identifier of a session opened outside any {@link TenantContext} with no default
   * tenant: never a valid tenant id, so it can neither reach a database nor be mistaken for one.
   */
  public static final String NO_TENANT = "(no tenant)";

  private final boolean explicit;
  private volatile String rootTenant;
  private volatile String defaultTenant;

  /** For Hibernate, which instantiates the class by name; settings arrive when the factory starts. */
  public TenantContextResolver() {
    this.explicit = false;
  }

  /**
   * A resolver with fixed settings, for code that hands Hibernate an instance.
   *
   * @param rootTenant the tenant {@link #isRoot} is true for, or {@code null}
   * @param defaultTenant the tenant of sessions opened outside any {@link TenantContext}, or
   *     {@code null} to refuse them
   */
  public TenantContextResolver(String rootTenant, String defaultTenant) {
    this.explicit = true;
    this.rootTenant = blankToNull(rootTenant);
    this.defaultTenant = blankToNull(defaultTenant);
  }

  /** The tenant of {@link TenantContext}, else {@code tenantpool.defaultTenant}, else {@link #NO_TENANT}. */
  @Override
  public String resolveCurrentTenantIdentifier() {
    String tenant = TenantContext.currentOrNull();
    if (tenant != null) {
      return tenant;
    }
    String fallback = defaultTenant;
    return fallback != null ? fallback : NO_TENANT;
  }

  /**
   * True: a "current session" ({@code getCurrentSession()}) bound to one tenant is not handed out
   * while the context names another.
   */
  @Override
  public boolean validateExistingCurrentSessions() {
    return true;
  }

  /** True for {@code tenantpool.hibernate.rootTenant}. */
  @Override
  public boolean isRoot(String tenantId) {
    String root = rootTenant;
    return root != null && root.equals(tenantId);
  }

  /** The root tenant, or {@code null} when none is configured. */
  public String rootTenant() {
    return rootTenant;
  }

  /** The tenant used outside any {@link TenantContext}, or {@code null} when none is configured. */
  public String defaultTenant() {
    return defaultTenant;
  }

  /** Applies the factory's settings, unless the constructor fixed them. */
  void configure(String rootTenant, String defaultTenant) {
    if (!explicit) {
      this.rootTenant = blankToNull(rootTenant);
      this.defaultTenant = blankToNull(defaultTenant);
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    return "TenantContextResolver[rootTenant=" + rootTenant + ", defaultTenant=" + defaultTenant + "]";
  }
}
