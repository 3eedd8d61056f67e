package dev.tenantpool.hibernate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TenantPoolUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProviderConfigurationException;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.UnknownUnwrapTypeException;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.Stoppable;

/**
 * Hibernate's {@link MultiTenantConnectionProvider} over a {@link TenantPoolDataSource}: each
 * session's connections come from its tenant's pool. Set it by class name together with
 * {@link TenantContextResolver}, and give Hibernate a {@code jdbc:tenantpool:} URL:
 *
 * <pre>
 * jakarta.persistence.jdbc.url=jdbc:tenantpool:postgresql://db:5432/app_{tenant}
 * jakarta.persistence.jdbc.user=app
 * jakarta.persistence.jdbc.password=...
 * hibernate.multi_tenant_connection_provider=dev.tenantpool.hibernate.TenantPoolConnectionProvider
 * hibernate.tenant_identifier_resolver=dev.tenantpool.hibernate.TenantContextResolver
 * tenantpool.hibernate.rootTenant=template
 * tenantpool.maximumPoolSize=10
 * </pre>
 *
 * <p>Where its data source comes from, first match wins:
 *
 * <ol>
 *   <li>a {@link TenantPoolDataSource} given to the constructor, or found in
 *       {@code hibernate.connection.datasource}, {@code jakarta.persistence.nonJtaDataSource} or
 *       {@code jakarta.persistence.jtaDataSource} (this is how Spring hands over a DataSource
 *       bean). It belongs to the application, which closes it;
 *   <li>a data source built from {@code jakarta.persistence.jdbc.url} (else
 *       {@code hibernate.connection.url}), the user and password of
 *       {@code jakarta.persistence.jdbc.user}/{@code .password} (else
 *       {@code hibernate.connection.username}/{@code .password}), and every {@code tenantpool.*}
 *       setting. It belongs to this provider, which closes its pools when the SessionFactory
 *       closes (Hibernate calls {@link #stop()} when it destroys its service registry).
 * </ol>
 *
 * <p>Hibernate asks for a connection without a tenant for its start-up and metadata work
 * (dialect detection, {@code hibernate.hbm2ddl.auto=validate}); it gets one of
 * {@code tenantpool.hibernate.rootTenant}, else of Hibernate's
 * {@code hibernate.multi_tenant.datasource.identifier_for_any}, else of
 * {@code tenantpool.defaultTenant}.
 */
public final class TenantPoolConnectionProvider
    implements MultiTenantConnectionProvider<String>, Configurable, Stoppable {
  private static final long serialVersionUID = 1L;

  // Not serialized: a provider is rebuilt from settings, never shipped between JVMs.
  private transient volatile TenantPoolDataSource dataSource;
  private transient volatile boolean owned;
  private transient volatile String rootTenant;
  private transient volatile String defaultTenant;

  /** For Hibernate, which instantiates the class by name and then calls {@link #configure}. */
  public TenantPoolConnectionProvider() {}

  /**
   * A provider over an application-owned data source (not closed by {@link #stop()}), for code
   * that hands Hibernate an instance; {@link #configure} still reads the root and default tenant.
   */
  public TenantPoolConnectionProvider(TenantPoolDataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.owned = false;
  }

  /**
   * Reads the Hibernate settings (see the class comment).
   *
   * @throws ConnectionProviderConfigurationException if there is neither a TenantPoolDataSource
   *     nor a {@code jdbc:tenantpool:} URL, or a {@code tenantpool.*} setting is unknown or invalid;
   *     the message names the setting to fix
   */
  @Override
  public void configure(Map<String, Object> settings) {
    HibernateSettings read = HibernateSettings.of(settings, dataSource);
    if (dataSource == null) {
      if (read.sharedDataSource != null) {
        dataSource = read.sharedDataSource;
        owned = false;
      } else {
        dataSource = build(read);
        owned = true;
      }
    }
    rootTenant = read.rootTenant;
    defaultTenant = read.defaultTenant;
  }

  private static TenantPoolDataSource build(HibernateSettings read) {
    String url = read.url;
    if (url == null || !TenantPoolUrl.accepts(url)) {
      throw new ConnectionProviderConfigurationException(
          "TenantPoolConnectionProvider needs a " + TenantPoolUrl.PREFIX + " URL in " + HibernateSettings.JAKARTA_URL
              + " (or " + HibernateSettings.HIBERNATE_URL + "), e.g. " + TenantPoolUrl.PREFIX
              + "postgresql://db:5432/app_{tenant}, or a TenantPoolDataSource in"
              + " hibernate.connection.datasource; but "
              + (url == null ? "no URL was set" : "the URL was \"" + SafeText.url(url) + "\""));
    }
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder().url(url).properties(read.driverProperties);
    if (read.user != null) {
      builder.username(read.user);
    }
    if (read.password != null) {
      builder.password(read.password);
    }
    read.options.forEach(builder::property);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The message names the key and never holds a password (TenantPoolConfig never prints one).
      throw new ConnectionProviderConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * A connection of the root tenant, for Hibernate's start-up and metadata work.
   *
   * @throws SQLException TP001 when no root tenant is configured; as for any tenant otherwise
   */
  @Override
  public Connection getAnyConnection() throws SQLException {
    TenantPoolDataSource source = dataSource();
    String root = rootTenant != null ? rootTenant : defaultTenant;
    if (root == null) {
      // Hibernate asks at start-up only where a tenant can answer: TenantPoolServiceContributor
      // chooses the dialect from the URL otherwise. Schema tools and the like still ask.
      throw TenantPoolSqlState.NO_TENANT.exception(
          "Hibernate asked for a connection for start-up or metadata work, which belongs to no"
              + " tenant; set tenantpool.hibernate.rootTenant to a tenant whose database (or schema)"
              + " holds the application's tables, e.g. tenantpool.hibernate.rootTenant=template");
    }
    return source.getConnection(root);
  }

  @Override
  public void releaseAnyConnection(Connection connection) throws SQLException {
    connection.close();
  }

  /**
   * A connection of {@code tenantIdentifier}'s pool; SQLState TP001 for {@code null} and for a
   * session opened outside any tenant ({@link TenantContextResolver#NO_TENANT}).
   */
  @Override
  public Connection getConnection(String tenantIdentifier) throws SQLException {
    return dataSource().getConnection(sessionTenant(tenantIdentifier));
  }

  /** Returns the connection to its own tenant's pool. */
  @Override
  public void releaseConnection(String tenantIdentifier, Connection connection) throws SQLException {
    connection.close();
  }

  // The read-only methods are Hibernate 7.2's (a read-only session: withOptions().readOnly(true)).
  // No @Override: the oldest supported Hibernate (7.1, see compat/pom.xml) has no such methods and
  // never calls them; there a read-only session gets getConnection's connection, as before.

  /**
   * A read-only connection of {@code tenantIdentifier}, for a read-only Hibernate session
   * ({@code sessionFactory.withOptions().readOnly(true)}, Hibernate 7.2 and newer): from one of the
   * tenant's read replicas when it has them, else, as {@code tenantpool.replica.fallback} says,
   * its primary's ({@link TenantPoolDataSource#getReadOnlyConnection(String)}). SQLState TP001 as
   * for {@link #getConnection}.
   */
  public Connection getReadOnlyConnection(String tenantIdentifier) throws SQLException {
    return dataSource().getReadOnlyConnection(sessionTenant(tenantIdentifier));
  }

  /** Returns the connection to its own pool (a replica's or the primary's); its read-only flag is reset there. */
  public void releaseReadOnlyConnection(String tenantIdentifier, Connection connection) throws SQLException {
    connection.close();
  }

  /**
   * True: {@link #getReadOnlyConnection} hands out connections already set read-only, and their
   * pools reset the flag, so Hibernate need not set and reset it around each session.
   */
  public boolean handlesConnectionReadOnly() {
    return true;
  }

  private static String sessionTenant(String tenantIdentifier) throws SQLException {
    if (TenantContextResolver.NO_TENANT.equals(tenantIdentifier)) {
      throw TenantPoolSqlState.NO_TENANT.exception("this Hibernate session was opened outside any TenantContext, and"
          + " no tenantpool.defaultTenant is configured, so it reaches no database: open the session (or the"
          + " transaction) inside TenantContext.use(\"acme\"), or name the tenant with"
          + " sessionFactory.withOptions().tenantIdentifier(\"acme\")");
    }
    return tenantIdentifier;
  }

  /**
   * False: connections are not enlisted in JTA transactions, so Hibernate keeps one connection for
   * a transaction instead of releasing it after each statement.
   */
  @Override
  public boolean supportsAggressiveRelease() {
    return false;
  }

  /** Closes the pools if this provider built them; an application-owned data source is left open. */
  @Override
  public void stop() {
    TenantPoolDataSource source = dataSource;
    if (source != null && owned) {
      source.close();
    }
  }

  /** The data source this provider lends from. */
  public TenantPoolDataSource dataSource() {
    TenantPoolDataSource source = dataSource;
    if (source == null) {
      throw new IllegalStateException(
          "TenantPoolConnectionProvider is not configured yet: Hibernate calls configure(settings) first");
    }
    return source;
  }

  /** The data source, or null before {@link #configure} unless one was given to the constructor. */
  TenantPoolDataSource dataSourceOrNull() {
    return dataSource;
  }

  /** The tenant of {@link #getAnyConnection()}, or {@code null} when none is configured. */
  public String rootTenant() {
    return rootTenant;
  }

  /** {@code tenantpool.defaultTenant} from the settings or the URL, or {@code null}. */
  String defaultTenant() {
    return defaultTenant;
  }

  @Override
  public boolean isUnwrappableAs(Class<?> type) {
    return type.isInstance(this) || (dataSource != null && type.isInstance(dataSource));
  }

  /** This provider, or its {@link TenantPoolDataSource} (e.g. for {@code forEachTenant}). */
  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    TenantPoolDataSource source = dataSource;
    if (source != null && type.isInstance(source)) {
      return type.cast(source);
    }
    throw new UnknownUnwrapTypeException(type);
  }

  @Override
  public String toString() {
    return "TenantPoolConnectionProvider[" + dataSource + ", rootTenant=" + rootTenant
        + (owned ? "" : ", shared data source") + "]";
  }
}
