package dev.tenantpool.hibernate;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import dev.tenantpool.url.TenantPoolUrl;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProviderConfigurationException;

/**
 * What TenantPool reads from Hibernate's settings, in one place for the connection provider and
 * the service contributor: the data source an application handed over, else the
 * {@code jdbc:tenantpool:} URL and login; every {@code tenantpool.*} setting; and the root and
 * default tenant, each from the first source that sets it.
 */
final class HibernateSettings {
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

  final TenantPoolDataSource sharedDataSource;
  final String url;
  final String user;
  final String password;
  // The outer pool's driver properties (spring.datasource.hikari.data-source-properties.*).
  final Properties driverProperties;
  final Map<String, String> options;
  final String rootTenant;
  final String defaultTenant;

  private HibernateSettings(TenantPoolDataSource sharedDataSource, Map<String, Object> settings,
      Map<String, String> options, String identifierForAny) {
    this.sharedDataSource = sharedDataSource;
    HikariDataSource outer = firstString(settings, JAKARTA_URL, HIBERNATE_URL) == null ? outerPool(settings) : null;
    if (outer != null) {
      this.url = outer.getJdbcUrl();
      this.user = outer.getUsername();
      this.password = outer.getPassword();
      this.driverProperties = outer.getDataSourceProperties();
    } else {
      this.url = firstString(settings, JAKARTA_URL, HIBERNATE_URL);
      this.user = firstString(settings, JAKARTA_USER, HIBERNATE_USER);
      this.password = firstString(settings, JAKARTA_PASSWORD, HIBERNATE_PASSWORD);
      this.driverProperties = new Properties();
    }
    this.options = options;
    Map<String, String> urlOptions = url != null && TenantPoolUrl.accepts(url) ? TenantPoolUrl.parse(url).options() : Map.of();
    // priority 1 - tenantpool.* Hibernate settings; priority 2 - the URL's query, or the shared
    // data source's own settings; priority 3 - Hibernate's own identifier_for_any (root tenant only)
    this.rootTenant = firstNonBlank(options.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key()),
        urlOptions.get(TenantPoolProperty.HIBERNATE_ROOT_TENANT.key()),
        sharedSetting(sharedDataSource, TenantPoolProperty.HIBERNATE_ROOT_TENANT), identifierForAny);
    this.defaultTenant = firstNonBlank(options.get(TenantPoolProperty.DEFAULT_TENANT.key()),
        urlOptions.get(TenantPoolProperty.DEFAULT_TENANT.key()),
        sharedSetting(sharedDataSource, TenantPoolProperty.DEFAULT_TENANT));
  }

  /**
   * Reads {@code settings}; {@code given} is a data source handed to the provider's constructor,
   * which then stands for any in the settings (null when there is none).
   *
   * @throws ConnectionProviderConfigurationException for an unknown {@code tenantpool.*} key
   */
  static HibernateSettings of(Map<String, Object> settings, TenantPoolDataSource given) {
    return new HibernateSettings(given != null ? given : sharedDataSource(settings), settings,
        tenantPoolSettings(settings), string(settings.get(IDENTIFIER_FOR_ANY)));
  }

  /**
   * A HikariCP pool around a {@code jdbc:tenantpool:} URL, given when Hibernate's own settings
   * name no URL: what Spring Boot builds when spring.datasource.url names TenantPool. Hibernate
   * then borrows from TenantPool's tenant pools directly, with the pool's URL and login: an outer
   * pool's connections were opened for whichever tenant asked first, and would cross tenants.
   */
  private static HikariDataSource outerPool(Map<String, Object> settings) {
    for (String key : DATA_SOURCE_KEYS) {
      HikariDataSource pool = unwrap(settings.get(key), HikariDataSource.class);
      if (pool != null && TenantPoolUrl.accepts(pool.getJdbcUrl())) {
        return pool;
      }
    }
    return null;
  }

  /** The tenant whose connection serves Hibernate's start-up and metadata work, or null. */
  String metadataTenant() {
    return rootTenant != null ? rootTenant : defaultTenant;
  }

  /** Every {@code tenantpool.*} setting as a string; unknown keys are refused (typos must not pass). */
  private static Map<String, String> tenantPoolSettings(Map<String, Object> settings) {
    Map<String, String> options = new TreeMap<>();
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      String key = setting.getKey();
      if (key != null && key.startsWith(TenantPoolProperty.PREFIX) && setting.getValue() != null) {
        // Tier keys are a family, checked key by key when the data source is built.
        if (TenantPoolProperty.forKey(key) == null && !key.startsWith(TenantPoolProperty.TIER_PREFIX)) {
          throw new ConnectionProviderConfigurationException(
              "unknown setting " + key + "; the tenantpool.* keys are listed by TenantPoolProperty"
                  + " (e.g. tenantpool.maximumPoolSize, tenantpool.hibernate.rootTenant), and"
                  + " tenantpool.tier.<name>.<key> for tiers");
        }
        options.put(key, String.valueOf(setting.getValue()));
      }
    }
    return Collections.unmodifiableMap(options);
  }

  private static TenantPoolDataSource sharedDataSource(Map<String, Object> settings) {
    for (String key : DATA_SOURCE_KEYS) {
      TenantPoolDataSource shared = unwrap(settings.get(key), TenantPoolDataSource.class);
      if (shared != null) {
        return shared;
      }
    }
    return null;
  }

  /** {@code value} as a {@code type}, also through a proxy (Spring's TransactionAwareDataSourceProxy, say). */
  private static <T> T unwrap(Object value, Class<T> type) {
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    if (value instanceof DataSource) {
      try {
        DataSource candidate = (DataSource) value;
        if (candidate.isWrapperFor(type)) {
          return candidate.unwrap(type);
        }
      } catch (SQLException e) {
        // Not a wrapper after all.
      }
    }
    return null;
  }

  private static String sharedSetting(TenantPoolDataSource shared, TenantPoolProperty property) {
    return shared == null ? null : shared.setting(property);
  }

  static String firstString(Map<String, Object> settings, String... keys) {
    for (String key : keys) {
      String value = string(settings.get(key));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  static String string(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    return text.isBlank() ? null : text.trim();
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      String text = string(value);
      if (text != null) {
        return text;
      }
    }
    return null;
  }
}
