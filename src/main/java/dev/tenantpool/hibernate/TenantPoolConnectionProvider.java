package dev.tenantpool.hibernate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SecretMasker;
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

  static final String JAKARTA_URL = "jakarta.persistence.jdbc.url";
  static final String HIBERNATE_URL = "hibernate.connection.url";
  static final String JAKARTA_USER = "jakarta.persistence.jdbc.user";
  static final String HIBERNATE_USER = "hibernate.connection.username";
  static final String JAKARTA_PASSWORD = "jakarta.persistence.jdbc.password";
  static final String HIBERNATE_PASSWORD = "hibernate.connection.password";
  static final String IDENTIFIER_FOR_ANY = "hibernate.multi_tenant.datasource.identifier_for_any";
  private static final String[] DATA_SOURCE_KEYS = {
    "hibernate.connection.datasource", "jakarta.persistence.nonJtaDataSource", "jakarta.persistence.jtaDataSource"
  };

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
    Map<String, String> options = tenantPoolSettings(settings);
    if (dataSource == null) {
      TenantPoolDataSource shared = sharedDataSource(settings);
      if (shared != null) {
        dataSource = shared;
        owned = false;
      } else {
        dataSource = build(settings, options);
        owned = true;
      }
    }
    String url = firstString(settings, JAKARTA_URL, HIBERNATE_URL);
    Map<String, String> urlOptions = url != null && TenantPoolUrl.accepts(url)
        ? TenantPoolUrl.parse(url).options() : Map.of();
    // priority 1 - tenantpool.* Hibernate settings; priority 2 - the URL's query;
    // priority 3 - Hibernate's own identifier_for_any (root tenant only)
    rootTenant = TenantContextResolver.blankToNull(firstNonNull(
        options.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key()),
        urlOptions.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key()),
        string(settings.get(IDENTIFIER_FOR_ANY))));
    defaultTenant = TenantContextResolver.blankToNull(firstNonNull(
        options.get(TenantPoolProperty.DEFAULT_TENANT.key()),
        urlOptions.get(TenantPoolProperty.DEFAULT_TENANT.key())));
  }

  /** Every {@code tenantpool.*} setting as a string; unknown keys are refused (typos must not pass). */
  private static Map<String, String> tenantPoolSettings(Map<String, Object> settings) {
    Map<String, String> options = new TreeMap<>();
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      String key = setting.getKey();
      if (key != null && key.startsWith(TenantPoolProperty.PREFIX) && setting.getValue() != null) {
        if (TenantPoolProperty.forKey(key) == null) {
          throw new ConnectionProviderConfigurationException(
              "unknown setting " + key + "; the tenantpool.* keys are listed by TenantPoolProperty"
                  + " (e.g. tenantpool.maximumPoolSize, tenantpool.hibernate.rootTenant)");
        }
        options.put(key, String.valueOf(setting.getValue()));
      }
    }
    return options;
  }

  private static TenantPoolDataSource sharedDataSource(Map<String, Object> settings) {
    for (String key : DATA_SOURCE_KEYS) {
      Object value = settings.get(key);
      if (value instanceof TenantPoolDataSource) {
        return (TenantPoolDataSource) value;
      }
      if (value instanceof DataSource) {
        // A proxy around one (Spring's TransactionAwareDataSourceProxy, for instance).
        try {
          DataSource candidate = (DataSource) value;
          if (candidate.isWrapperFor(TenantPoolDataSource.class)) {
            return candidate.unwrap(TenantPoolDataSource.class);
          }
        } catch (SQLException e) {
          // Not a wrapper after all; fall back to the URL.
        }
      }
    }
    return null;
  }

  private static TenantPoolDataSource build(Map<String, Object> settings, Map<String, String> options) {
    String url = firstString(settings, JAKARTA_URL, HIBERNATE_URL);
    if (url == null || !TenantPoolUrl.accepts(url)) {
      throw new ConnectionProviderConfigurationException(
          "TenantPoolConnectionProvider needs a " + TenantPoolUrl.PREFIX + " URL in " + JAKARTA_URL
              + " (or " + HIBERNATE_URL + "), e.g. " + TenantPoolUrl.PREFIX
              + "postgresql://db:5432/app_{tenant}, or a TenantPoolDataSource in"
              + " hibernate.connection.datasource; but "
              + (url == null ? "no URL was set" : "the URL was \"" + SecretMasker.maskUrl(url) + "\""));
    }
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder().url(url);
    String user = firstString(settings, JAKARTA_USER, HIBERNATE_USER);
    if (user != null) {
      builder.username(user);
    }
    String password = firstString(settings, JAKARTA_PASSWORD, HIBERNATE_PASSWORD);
    if (password != null) {
      builder.password(password);
    }
    options.forEach(builder::property);
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The message names the key and never holds a password (TenantPoolConfig masks them).
      throw new ConnectionProviderConfigurationException(e.getMessage(), e);
    }
  }

  private static String firstString(Map<String, Object> settings, String... keys) {
    for (String key : keys) {
      String value = string(settings.get(key));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String string(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return text.isBlank() ? null : text.trim();
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
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

  /** A connection of {@code tenantIdentifier}'s pool (SQLState TP001 for {@code null}). */
  @Override
  public Connection getConnection(String tenantIdentifier) throws SQLException {
    return dataSource().getConnection(tenantIdentifier);
  }

  /** Returns the connection to its own tenant's pool. */
  @Override
  public void releaseConnection(String tenantIdentifier, Connection connection) throws SQLException {
    connection.close();
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
