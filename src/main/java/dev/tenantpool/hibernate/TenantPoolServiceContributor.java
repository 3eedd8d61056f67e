package dev.tenantpool.hibernate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.url.TargetAddress;
import dev.tenantpool.url.TenantPoolUrl;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProviderConfigurationException;
import org.hibernate.service.spi.ServiceContributor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Hibernate start with nothing but the two class names and a {@code jdbc:tenantpool:} URL.
 *
 * <p>Hibernate picks its dialect from the JDBC metadata of a connection that belongs to no
 * tenant ({@code getAnyConnection()}); with no root or default tenant configured there is none to
 * give, and Hibernate would fail with "Unable to determine Dialect without JDBC metadata". So when
 * TenantPool is Hibernate's connection provider, no {@code hibernate.dialect} is set and no tenant
 * can answer for the metadata, this contributor (found by Hibernate through
 * {@code META-INF/services}) names the database by the target URL's database system (which
 * {@link TenantPoolDialectResolver} maps to a dialect as Hibernate maps URLs) and turns start-up
 * metadata access off. The
 * server's version then comes from {@code jakarta.persistence.database-major-version} if set,
 * else the dialect's minimum. A schema action ({@code hibernate.hbm2ddl.auto=validate}, ...) needs
 * a real database: without a tenant to run it on, start-up fails saying which key names one.
 */
public final class TenantPoolServiceContributor implements ServiceContributor {
  private static final Logger LOG = LoggerFactory.getLogger(TenantPoolServiceContributor.class);
  static final String PROVIDER = "hibernate.multi_tenant_connection_provider";
  static final String DIALECT = "hibernate.dialect";
  static final String METADATA_ACCESS = "hibernate.boot.allow_jdbc_metadata_access";
  static final String PRODUCT_NAME = "jakarta.persistence.database-product-name";
  private static final String[] SCHEMA_ACTIONS = {
    "hibernate.hbm2ddl.auto", "jakarta.persistence.schema-generation.database.action"
  };

  /** For {@link java.util.ServiceLoader}. */
  public TenantPoolServiceContributor() {}

  @Override
  public void contribute(StandardServiceRegistryBuilder builder) {
    Map<String, Object> settings = builder.getSettings();
    Object provider = settings.get(PROVIDER);
    if (!isTenantPool(provider)) {
      return;
    }
    // A provider instance built over an application's data source carries that data source.
    TenantPoolDataSource given = provider instanceof TenantPoolConnectionProvider
        ? ((TenantPoolConnectionProvider) provider).dataSourceOrNull() : null;
    HibernateSettings read;
    try {
      read = HibernateSettings.of(settings, given);
    } catch (ConnectionProviderConfigurationException e) {
      return; // the provider reports it, with the same message, when Hibernate configures it
    }
    if (read.metadataTenant() != null) {
      return; // that tenant's connection answers for the metadata, as usual
    }
    String action = schemaAction(settings);
    if (action != null) {
      throw new ConnectionProviderConfigurationException(action + " works on the database of one tenant, and no"
          + " tenant is named for Hibernate's start-up work: set tenantpool.hibernate.rootTenant (or"
          + " tenantpool.defaultTenant) to the tenant whose database (or schema) it should use, or migrate"
          + " each tenant with TenantPoolDataSource.forEachTenant instead");
    }
    if (!settings.containsKey(METADATA_ACCESS)) {
      builder.applySetting(METADATA_ACCESS, "false");
    }
    if (HibernateSettings.string(settings.get(DIALECT)) != null || HibernateSettings.string(settings.get(PRODUCT_NAME)) != null) {
      return; // the application named its database itself
    }
    String system = read.sharedDataSource != null ? read.sharedDataSource.databaseSystem() : systemOf(read.url);
    if (system == null || TenantPoolDialectResolver.databaseOf(system) == null) {
      LOG.warn("no tenant is named for Hibernate's start-up work (tenantpool.hibernate.rootTenant) and Hibernate"
          + " knows no dialect for the database system {}; set hibernate.dialect", system);
      return;
    }
    // TenantPoolDialectResolver turns this name into the dialect Hibernate maps the URL to.
    builder.applySetting(PRODUCT_NAME, TenantPoolDialectResolver.productName(system));
    LOG.info("Hibernate's dialect is chosen from the {} URL: no tenant is named for Hibernate's start-up work,"
        + " so it reads no JDBC metadata (set tenantpool.hibernate.rootTenant for it to read the server's"
        + " version, or jakarta.persistence.database-major-version)", system);
  }

  private static boolean isTenantPool(Object provider) {
    if (provider instanceof TenantPoolConnectionProvider) {
      return true;
    }
    if (provider instanceof Class) {
      return provider == TenantPoolConnectionProvider.class;
    }
    return provider != null && TenantPoolConnectionProvider.class.getName().equals(provider.toString().trim());
  }

  private static String schemaAction(Map<String, Object> settings) {
    for (String key : SCHEMA_ACTIONS) {
      String value = HibernateSettings.string(settings.get(key));
      if (value != null && !value.toLowerCase(Locale.ROOT).equals("none")) {
        return key + "=" + value;
      }
    }
    return null;
  }

  private static String systemOf(String url) {
    return url == null || !TenantPoolUrl.accepts(url)
        ? null : TargetAddress.parse(TenantPoolUrl.parse(url).targetTemplate()).system();
  }

}
