package dev.tenantpool;

import dev.tenantpool.catalog.CatalogSettings;
import dev.tenantpool.url.HostPattern;
import dev.tenantpool.url.SafeText;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/** The {@code tenantpool.catalog.*} keys of a configuration, validated into the catalog's settings. */
final class CatalogOptions {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /**
   * The catalog's settings, or null when {@code tenantpool.catalog} is unset. {@code timeoutMs}
   * bounds each connect and read of a catalog table and how long a call waits for the first read:
   * the data source's {@code tenantpool.connectionTimeout}, the wait a caller already accepts.
   */
  static CatalogSettings settings(Map<String, String> options, long timeoutMs) throws SQLException {
    String source = TenantPoolProperty.CATALOG.string(options);
    if (source == null) {
      return null;
    }
    if (!(source.startsWith("file:") && source.length() > "file:".length()) && !source.startsWith("jdbc:postgresql:")) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CATALOG.key()
          + " must be file:/path/tenants.properties, file:/path/tenants.yaml or a jdbc:postgresql: URL, but was \""
          + SafeText.url(source) + "\"");
    }
    String table = TenantPoolProperty.CATALOG_TABLE.string(options);
    if (table == null || !TABLE.matcher(table).matches()) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CATALOG_TABLE.key()
          + " must be a table name such as tenantpool_tenants or registry.tenants (letters, digits, '_'), but was \""
          + table + "\"");
    }
    String channel = TenantPoolProperty.CATALOG_CHANNEL.string(options);
    if (channel == null || !CHANNEL.matcher(channel).matches()) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CATALOG_CHANNEL.key()
          + " must be a channel name such as tenantpool_catalog (letters, digits, '_'), but was \"" + channel + "\"");
    }
    Properties login = new Properties();
    String user = TenantPoolProperty.CATALOG_USER.string(options);
    if (user != null) {
      login.setProperty("user", user);
    }
    String password = TenantPoolProperty.CATALOG_PASSWORD.raw(options);
    if (password != null) {
      login.setProperty("password", password);
    }
    return new CatalogSettings(source, table, channel,
        TenantPoolProperty.CATALOG_REFRESH_INTERVAL.longValue(options), timeoutMs, login);
  }

  static List<HostPattern> allowedHosts(Map<String, String> options) throws SQLException {
    String list = TenantPoolProperty.CATALOG_ALLOWED_HOSTS.string(options);
    try {
      return HostPattern.parseList(list);
    } catch (IllegalArgumentException e) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CATALOG_ALLOWED_HOSTS.key()
          + " must be comma-separated host names, host:port or *.domain entries such as"
          + " db-eu-1, db-us-1:5433, *.db.example.com, but " + e.getMessage());
    }
  }

  private CatalogOptions() {}
}
