package dev.tenantpool;

import dev.tenantpool.cluster.ClusterSettings;
import dev.tenantpool.url.SafeText;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** Validates the cluster budget's keys ({@code tenantpool.clusterBudget}, {@code tenantpool.cluster.*}). */
final class ClusterOptions {
  private ClusterOptions() {}

  private static final java.util.regex.Pattern INSTANCE = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /**
   * The cluster budget's settings, or null when {@code tenantpool.clusterBudget} is 0. The
   * coordination database: (1) {@code tenantpool.cluster.url}, (2) the catalog database when
   * {@code tenantpool.catalog} is a jdbc: URL (with the catalog's login unless cluster keys set one).
   */
  static ClusterSettings settings(Map<String, String> options, int maxTotalConnections)
      throws SQLException {
    int budget = TenantPoolProperty.CLUSTER_BUDGET.intValue(options);
    if (budget == 0) {
      return null;
    }
    Properties login = new Properties();
    // priority 1 - tenantpool.cluster.url and its login
    String url = TenantPoolProperty.CLUSTER_URL.string(options);
    String user = TenantPoolProperty.CLUSTER_USER.string(options);
    String password = TenantPoolProperty.CLUSTER_PASSWORD.raw(options);
    if (url == null) {
      // priority 2 - the catalog database, with the catalog's login
      String catalog = TenantPoolProperty.CATALOG.string(options);
      if (catalog != null && catalog.startsWith("jdbc:")) {
        url = catalog;
        if (user == null && password == null) {
          user = TenantPoolProperty.CATALOG_USER.string(options);
          password = TenantPoolProperty.CATALOG_PASSWORD.raw(options);
        }
      }
    }
    if (url == null) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CLUSTER_BUDGET.key()
          + " needs a coordination database that every instance reaches: set tenantpool.cluster.url to a"
          + " jdbc:postgresql: URL, or tenantpool.catalog to a catalog table's jdbc:postgresql: URL");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CLUSTER_URL.key()
          + " must be a jdbc:postgresql: URL (the cluster budget coordinates through PostgreSQL), but was \""
          + SafeText.url(url) + "\"");
    }
    try {
      java.sql.DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception("no JDBC driver on the classpath accepts the coordination URL "
          + SafeText.url(url) + " (tenantpool.cluster.url); add org.postgresql:postgresql", e);
    }
    if (user != null) {
      login.setProperty("user", user);
    }
    if (password != null) {
      login.setProperty("password", password);
    }
    String instance = TenantPoolProperty.CLUSTER_INSTANCE.string(options);
    if (instance == null) {
      String host = System.getenv("HOSTNAME");
      instance = (host != null && INSTANCE.matcher(host).matches() ? host : "instance") + "-"
          + ProcessHandle.current().pid();
    } else if (!INSTANCE.matcher(instance).matches()) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CLUSTER_INSTANCE.key()
          + " must be 1 to 100 letters, digits, '.', '_' or '-', such as web-1, but was \"" + instance + "\"");
    }
    int ceiling = maxTotalConnections > 0 ? Math.min(maxTotalConnections, budget) : budget;
    return new ClusterSettings(url, login, budget, ceiling,
        TenantPoolProperty.CLUSTER_HEARTBEAT_INTERVAL.longValue(options), instance);
  }
}
