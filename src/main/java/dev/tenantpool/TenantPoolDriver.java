package dev.tenantpool;

import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantRouter;
import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TenantPoolUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:tenantpool:} URLs, found by {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver}.
 *
 * <pre>{@code
 * try (TenantContext.Scope scope = TenantContext.use("acme");
 *      Connection c = DriverManager.getConnection(
 *          "jdbc:tenantpool:postgresql://db:5432/app_{tenant}", "app", "secret")) {
 *   ... // acme's database, from acme's pool
 * }
 * }</pre>
 *
 * <p>Each distinct configuration (URL plus properties, the per-call {@code tenantpool.tenant}
 * aside) is parsed once and gets one router with one pool per tenant; they live until
 * {@link #closeAll()} (a shutdown step for applications that use {@code DriverManager}).
 * Applications that can configure a {@code DataSource} should prefer
 * {@link TenantPoolDataSource}, whose lifecycle is their own.
 */
public final class TenantPoolDriver implements Driver {
  private static final TenantPoolDriver INSTANCE = new TenantPoolDriver();
  private static final AtomicInteger ROUTER_NUMBER = new AtomicInteger();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // url -> the configurations seen with it; almost always one element.
  private final Map<String, List<Configured>> configurations = new ConcurrentHashMap<>();

  /** Public for {@link java.util.ServiceLoader}; {@link DriverManager} uses the registered instance. */
  public TenantPoolDriver() {}

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!TenantPoolUrl.accepts(url)) {
      return null; // the JDBC contract: not our URL, let the next driver try
    }
    Configured configured = configured(url, info);
    String context = TenantContext.currentOrNull();
    return configured.router.getConnection(configured.config.tenantFor(info, context), context);
  }

  private Configured configured(String url, Properties info) throws SQLException {
    List<Configured> known = configurations.get(url);
    if (known != null) {
      for (Configured candidate : known) {
        if (candidate.matches(info)) {
          return candidate;
        }
      }
    }
    return register(url, info);
  }

  private Configured register(String url, Properties info) throws SQLException {
    TenantPoolConfig config = TenantPoolConfig.resolve(url, info);
    List<Configured> known = configurations.computeIfAbsent(url, k -> new CopyOnWriteArrayList<>());
    // A racing caller may have registered the same configuration; parsing twice is harmless,
    // but only one router may exist for it.
    TenantResolver catalog = null;
    Configured created = null;
    while (created == null) {
      synchronized (known) {
        for (Configured candidate : known) {
          if (candidate.matches(info)) {
            if (catalog != null) {
              catalog.close(); // the racing caller's router has its own
            }
            return candidate;
          }
        }
        if (catalog != null || !config.hasCatalog()) {
          created = new Configured(config, routerFor(config, catalog), info);
          known.add(created);
        }
      }
      if (created == null) {
        // Outside the monitor: opening a catalog reads its file.
        catalog = config.openResolver();
      }
    }
    // Once per new configuration, never per connection, and outside the monitor (it may log):
    // is an outer pool opening our connections?
    OuterPoolDetector.check(SafeText.url(url), created.config.poolSettings().maximumPoolSize());
    return created;
  }

  private static TenantRouter routerFor(TenantPoolConfig config, TenantResolver catalog) {
    int number = ROUTER_NUMBER.incrementAndGet();
    // DriverManager users have no builder: meters go to the global registry, spans to the global
    // OpenTelemetry once it is set.
    return new TenantRouter(config.routerSettings(number == 1 ? "tenantpool" : "tenantpool" + number, null, null), catalog);
  }

  @Override
  public boolean acceptsURL(String url) {
    if (!TenantPoolUrl.accepts(url)) {
      return false;
    }
    try {
      TenantPoolUrl.parse(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Every {@code tenantpool.*} key with its current value (or default) and description. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Map<String, String> options = Collections.emptyMap();
    if (TenantPoolUrl.accepts(url)) {
      options = TenantPoolConfig.resolve(url, info).options();
    }
    List<DriverPropertyInfo> infos = new ArrayList<>();
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      infos.add(property.info(options));
    }
    // Tier keys are a family: list the ones this configuration sets.
    for (String key : new java.util.TreeSet<>(options.keySet())) {
      if (key.startsWith(TenantPoolProperty.TIER_PREFIX)) {
        DriverPropertyInfo tier = new DriverPropertyInfo(key, options.get(key));
        tier.description = "A tier's setting: tenantpool.tier.<name>.<key> sets <key> for the tenants of that tier.";
        infos.add(tier);
      }
    }
    return infos.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** False: TenantPool passes SQL through, so compliance is the target driver's. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("TenantPool logs through SLF4J, not java.util.logging");
  }

  /**
   * Closes every pool opened through {@link DriverManager} (waiting up to each configuration's
   * {@code tenantpool.shutdownTimeout} for leased connections). Later calls create pools anew.
   */
  public static void closeAll() {
    INSTANCE.closeConfigurations();
  }

  private void closeConfigurations() {
    for (String url : new ArrayList<>(configurations.keySet())) {
      List<Configured> removed = configurations.remove(url);
      if (removed != null) {
        for (Configured configured : removed) {
          configured.router.close();
        }
      }
    }
  }

  /** A configuration with its router, and the properties it was resolved from. */
  private static final class Configured {
    final TenantPoolConfig config;
    final TenantRouter router;
    private final Properties seen;
    private final int seenSize;

    Configured(TenantPoolConfig config, TenantRouter router, Properties info) {
      this.config = config;
      this.router = router;
      this.seen = new Properties();
      if (info != null) {
        for (String key : info.stringPropertyNames()) {
          if (!key.equals(TenantPoolProperty.TENANT.key())) {
            seen.setProperty(key, info.getProperty(key));
          }
        }
      }
      this.seenSize = seen.size();
    }

    /** Same properties as at resolution, the per-call tenant aside; allocation-free. */
    boolean matches(Properties info) {
      if (info == null) {
        return seenSize == 0;
      }
      int size = info.size() - (info.containsKey(TenantPoolProperty.TENANT.key()) ? 1 : 0);
      if (size != seenSize) {
        // Properties with defaults: size() does not count them, stringPropertyNames() does.
        java.util.Set<String> names = info.stringPropertyNames();
        size = names.size() - (names.contains(TenantPoolProperty.TENANT.key()) ? 1 : 0);
        if (size != seenSize) {
          return false;
        }
      }
      for (Map.Entry<Object, Object> entry : seen.entrySet()) {
        if (!entry.getValue().equals(info.getProperty((String) entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }
}
