package dev.tenantpool;

import dev.tenantpool.catalog.CatalogSettings;
import dev.tenantpool.cluster.ClusterSettings;
import dev.tenantpool.observe.ObserveSettings;
import dev.tenantpool.observe.TenantTag;
import dev.tenantpool.pool.PoolSettings;
import dev.tenantpool.resilience.BreakerSettings;
import dev.tenantpool.router.RouterSettings;
import dev.tenantpool.router.TenantIdRule;
import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.url.HostPattern;
import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TargetAddress;
import dev.tenantpool.url.TenantPoolUrl;
import dev.tenantpool.url.TenantTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One resolved configuration: the {@code tenantpool.*} options of a URL and its properties,
 * validated once, plus what is passed on to the target driver. Built once per distinct
 * configuration, never per connection.
 */
final class TenantPoolConfig {
  private final TenantPoolUrl url;
  private final Map<String, String> options;
  private final Properties targetProperties;
  private final String pinnedTenant;
  private final String defaultTenant;
  private final PoolSettings poolSettings;
  private final boolean tenantGuard;
  private final long shutdownTimeoutMs;
  private final TenantIdRule tenantIds;
  private final BreakerSettings breakerSettings;
  private final boolean traceEveryRefusal;
  private final TenantTag tenantTag;
  private final boolean histograms;
  private final boolean tracing;
  private final long slowAcquireThresholdMs;
  private final Map<String, Map<String, String>> keyTiers;
  private final CatalogSettings catalogSettings;
  private final List<HostPattern> catalogAllowedHosts;
  private final boolean templateFallback;
  private final int maxTotalConnections;
  private final long poolIdleTimeoutMs;
  private final int maxPools;
  private final boolean virtualThreads;
  private final boolean registerMbeans;
  private final ClusterSettings clusterSettings;

  private TenantPoolConfig(TenantPoolUrl url, Map<String, String> options, Properties targetProperties)
      throws SQLException {
    this.url = url;
    this.options = options;
    this.targetProperties = targetProperties;
    TenantPoolProperty.rejectUnknownKeys(options);
    this.pinnedTenant = TenantPoolProperty.TENANT.string(options);
    this.defaultTenant = TenantPoolProperty.DEFAULT_TENANT.string(options);
    this.tenantIds = new TenantIdRule(TenantPoolProperty.TENANT_PATTERN.pattern(options),
        TenantPoolProperty.RESERVED_TENANTS.list(options));
    this.tenantGuard = TenantPoolProperty.TENANT_GUARD.booleanValue(options);
    this.shutdownTimeoutMs = TenantPoolProperty.SHUTDOWN_TIMEOUT.longValue(options);
    int maximumPoolSize = TenantPoolProperty.MAXIMUM_POOL_SIZE.intValue(options);
    int minimumIdle = TenantPoolProperty.MINIMUM_IDLE.intValue(options);
    long connectionTimeout = TenantPoolProperty.CONNECTION_TIMEOUT.longValue(options);
    long idleTimeout = TenantPoolProperty.IDLE_TIMEOUT.longValue(options);
    long maxLifetime = TenantPoolProperty.MAX_LIFETIME.longValue(options);
    long leakDetection = TenantPoolProperty.LEAK_DETECTION_THRESHOLD.longValue(options);
    long validationTimeout = TenantPoolProperty.VALIDATION_TIMEOUT.longValue(options);
    if (!options.containsKey(TenantPoolProperty.VALIDATION_TIMEOUT.key())) {
      // The default follows a shorter connectionTimeout; otherwise a connectionTimeout below the
      // default validationTimeout (250..5000) could never be set on its own.
      validationTimeout = Math.min(validationTimeout, connectionTimeout);
    }
    // Cross-key rules HikariCP would otherwise "correct" with a warning; here they are errors.
    if (minimumIdle > maximumPoolSize) {
      throw TenantPoolProperty.MINIMUM_IDLE.conflict(
          "at most tenantpool.maximumPoolSize (" + maximumPoolSize + ")", minimumIdle);
    }
    if (validationTimeout > connectionTimeout) {
      throw TenantPoolProperty.VALIDATION_TIMEOUT.conflict(
          "at most tenantpool.connectionTimeout (" + connectionTimeout + ")", validationTimeout);
    }
    if (maxLifetime > 0 && idleTimeout >= maxLifetime) {
      throw TenantPoolProperty.IDLE_TIMEOUT.conflict(
          "below tenantpool.maxLifetime (" + maxLifetime + ")", idleTimeout);
    }
    if (maxLifetime > 0 && leakDetection >= maxLifetime) {
      throw TenantPoolProperty.LEAK_DETECTION_THRESHOLD.conflict(
          "below tenantpool.maxLifetime (" + maxLifetime + ")", leakDetection);
    }
    if (pinnedTenant != null) {
      tenantIds.check(pinnedTenant, "tenantpool.tenant");
    }
    if (defaultTenant != null) {
      tenantIds.check(defaultTenant, "tenantpool.defaultTenant");
    }
    int minimumCalls = TenantPoolProperty.BREAKER_MINIMUM_CALLS.intValue(options);
    int slidingWindow = TenantPoolProperty.BREAKER_SLIDING_WINDOW_SIZE.intValue(options);
    if (minimumCalls > slidingWindow) {
      throw TenantPoolProperty.BREAKER_MINIMUM_CALLS.conflict(
          "at most tenantpool.breaker.slidingWindowSize (" + slidingWindow + ")", minimumCalls);
    }
    this.breakerSettings = new BreakerSettings(
        TenantPoolProperty.BREAKER_ENABLED.booleanValue(options),
        TenantPoolProperty.BREAKER_FAILURE_RATE_THRESHOLD.intValue(options),
        minimumCalls,
        slidingWindow,
        TenantPoolProperty.BREAKER_WAIT_IN_OPEN.longValue(options),
        TenantPoolProperty.BREAKER_PERMITTED_CALLS_IN_HALF_OPEN.intValue(options),
        TenantPoolProperty.BREAKER_SLOW_CALL_THRESHOLD.longValue(options));
    this.traceEveryRefusal = TenantPoolProperty.BREAKER_REFUSAL_STACK_TRACES.choice(options, "sampled", "all")
        .equals("all");
    this.tenantTag = TenantTag.parse(TenantPoolProperty.METRICS_TENANT_TAG.choice(options, "tenant", "tier", "none"));
    this.histograms = TenantPoolProperty.METRICS_HISTOGRAMS.booleanValue(options);
    this.tracing = TenantPoolProperty.TRACING.booleanValue(options);
    this.slowAcquireThresholdMs = TenantPoolProperty.TRACING_SLOW_ACQUIRE_THRESHOLD.longValue(options);
    this.maxTotalConnections = TenantPoolProperty.MAX_TOTAL_CONNECTIONS.intValue(options);
    this.poolIdleTimeoutMs = TenantPoolProperty.POOL_IDLE_TIMEOUT.longValue(options);
    this.maxPools = TenantPoolProperty.MAX_POOLS.intValue(options);
    this.virtualThreads = TenantPoolProperty.VIRTUAL_THREADS.booleanValue(options);
    this.registerMbeans = TenantPoolProperty.REGISTER_MBEANS.booleanValue(options);
    if (maxTotalConnections > 0 && maximumPoolSize > maxTotalConnections) {
      throw TenantPoolProperty.MAXIMUM_POOL_SIZE.conflict(
          "at most tenantpool.maxTotalConnections (" + maxTotalConnections + ")", maximumPoolSize);
    }
    this.clusterSettings = ClusterOptions.settings(options, maxTotalConnections);
    if (clusterSettings != null && maximumPoolSize > clusterSettings.budget()) {
      throw TenantPoolProperty.MAXIMUM_POOL_SIZE.conflict(
          "at most tenantpool.clusterBudget (" + clusterSettings.budget() + ")", maximumPoolSize);
    }
    this.poolSettings = new PoolSettings(
        maximumPoolSize, minimumIdle, connectionTimeout, idleTimeout, maxLifetime, leakDetection, validationTimeout);
    this.keyTiers = TierKeys.parse(options);
    this.catalogSettings = catalogSettings(options, connectionTimeout);
    this.catalogAllowedHosts = allowedHosts(options);
    this.templateFallback = TenantPoolProperty.CATALOG_TEMPLATE_FALLBACK.booleanValue(options);
    for (Map.Entry<String, Map<String, String>> tier : keyTiers.entrySet()) {
      try {
        forTenant(tier.getValue()); // a tier must make a valid pool on its own: minimumIdle within its size, ...
      } catch (SQLException e) {
        throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(
            "tier " + tier.getKey() + " (tenantpool.tier." + tier.getKey() + ".*): " + e.getMessage(), e);
      }
    }
  }

  private static final java.util.regex.Pattern TABLE =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");
  private static final java.util.regex.Pattern CHANNEL = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /**
   * The catalog's settings, or null when {@code tenantpool.catalog} is unset. {@code timeoutMs}
   * bounds each connect and read of a catalog table and how long a call waits for the first read:
   * the data source's {@code tenantpool.connectionTimeout}, the wait a caller already accepts.
   */
  private static CatalogSettings catalogSettings(Map<String, String> options, long timeoutMs) throws SQLException {
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

  private static List<HostPattern> allowedHosts(Map<String, String> options) throws SQLException {
    String list = TenantPoolProperty.CATALOG_ALLOWED_HOSTS.string(options);
    try {
      return HostPattern.parseList(list);
    } catch (IllegalArgumentException e) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.CATALOG_ALLOWED_HOSTS.key()
          + " must be comma-separated host names, host:port or *.domain entries such as"
          + " db-eu-1, db-us-1:5433, *.db.example.com, but " + e.getMessage());
    }
  }

  /**
   * This configuration with {@code overrides} (full {@code tenantpool.*} keys) laid over its
   * options: one tenant's settings. Tier keys are left out, so no tier is checked twice.
   */
  TenantPoolConfig forTenant(Map<String, String> overrides) throws SQLException {
    Map<String, String> merged = new HashMap<>();
    options.forEach((key, value) -> {
      if (!key.startsWith(TenantPoolProperty.TIER_PREFIX)) {
        merged.put(key, value);
      }
    });
    merged.putAll(overrides);
    return new TenantPoolConfig(url, merged, targetProperties);
  }

  /**
   * The tenant catalog's resolver, or null without {@code tenantpool.catalog} (the router then
   * routes by the URL template). A catalog file is read now.
   *
   * @throws SQLException 22023 when the catalog file cannot be read or parsed, 08001 when no
   *     driver accepts the catalog URL
   */
  TenantResolver openResolver() throws SQLException {
    return catalogSettings == null ? null : CatalogResolver.open(this);
  }

  boolean hasCatalog() {
    return catalogSettings != null;
  }

  CatalogSettings catalogSettings() {
    return catalogSettings;
  }

  /** Hosts besides the template's that a catalog entry's url may name ({@code tenantpool.catalog.allowedHosts}). */
  List<HostPattern> catalogAllowedHosts() {
    return catalogAllowedHosts;
  }

  /** Tier name to its {@code tenantpool.*} settings, from {@code tenantpool.tier.<name>.<key>} keys. */
  Map<String, Map<String, String>> keyTiers() {
    return keyTiers;
  }

  /** Whether a TenantPoolDataSource registers its MXBean ({@code tenantpool.registerMbeans}). */
  boolean registerMbeans() {
    return registerMbeans;
  }

  boolean templateFallback() {
    return templateFallback;
  }

  PoolSettings poolSettings() {
    return poolSettings;
  }

  BreakerSettings breakerSettings() {
    return breakerSettings;
  }

  TenantTemplate targetTemplate() {
    return TenantTemplate.of(url.targetTemplate());
  }

  Properties targetProperties() {
    return targetProperties;
  }

  /**
   * Resolves {@code url} and {@code info}. Precedence, highest first:
   *
   * <ol>
   *   <li>{@code tenantpool.*} keys in {@code info} (the call's properties);
   *   <li>{@code tenantpool.*} keys in the URL's query;
   *   <li>the defaults of {@link TenantPoolProperty}.
   * </ol>
   *
   * The per-call {@code tenantpool.tenant} property is not part of the configuration: it selects
   * a tenant within it.
   */
  static TenantPoolConfig resolve(String url, Properties info) throws SQLException {
    TenantPoolUrl parsed;
    try {
      parsed = TenantPoolUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(e.getMessage(), e);
    }
    // priority 3 - defaults apply in TenantPoolProperty when a key is absent from the map
    // priority 2 - URL query values
    Map<String, String> options = new HashMap<>(parsed.options());
    Properties target = new Properties();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        String value = info.getProperty(key);
        if (key.startsWith(TenantPoolProperty.PREFIX)) {
          if (!key.equals(TenantPoolProperty.TENANT.key())) {
            // priority 1 - the call's properties
            options.put(key, value);
          }
        } else {
          target.setProperty(key, value);
        }
      }
    }
    return new TenantPoolConfig(parsed, options, target);
  }

  /**
   * The tenant of one call. Order: the call's {@code tenantpool.tenant} property, the URL's
   * {@code tenantpool.tenant}, the current {@link TenantContext}, {@code tenantpool.defaultTenant}.
   */
  String tenantFor(Properties info, String context) throws SQLException {
    String tenant = info == null ? null : info.getProperty(TenantPoolProperty.TENANT.key());
    if (tenant != null) {
      return tenant;
    }
    if (pinnedTenant != null) {
      return pinnedTenant;
    }
    if (context != null) {
      return context;
    }
    if (defaultTenant != null) {
      return defaultTenant;
    }
    throw noTenant();
  }

  static SQLException noTenant() {
    return TenantPoolSqlState.NO_TENANT.exception(
        "no tenant for getConnection: open a scope with TenantContext.use(\"acme\"), pass the"
            + " connection property tenantpool.tenant, or configure tenantpool.defaultTenant");
  }

  /** The value in force for {@code property}, never a secret (see TenantPoolDataSource.setting). */
  String setting(TenantPoolProperty property) {
    String value = property.raw(options);
    return value == null ? null : printable(property.key(), value);
  }

  /** The target URL's JDBC subprotocol: {@code postgresql} for {@code jdbc:postgresql://...}. */
  String databaseSystem() {
    return TargetAddress.parse(url.targetTemplate()).system();
  }

  long connectionTimeoutMs() {
    return poolSettings.connectionTimeoutMs();
  }

  Map<String, String> options() {
    return options;
  }

  /**
   * The router's settings.
   *
   * @param registry where meters go, or null for Micrometer's global registry
   * @param openTelemetry where spans go, or null for the global OpenTelemetry once it is set
   */
  RouterSettings routerSettings(String name, MeterRegistry registry, OpenTelemetry openTelemetry) {
    return new RouterSettings(
        name,
        TenantTemplate.of(url.targetTemplate()),
        targetProperties,
        tenantIds,
        tenantGuard,
        shutdownTimeoutMs,
        poolSettings,
        breakerSettings,
        traceEveryRefusal,
        new ObserveSettings(
            registry,
            openTelemetry,
            tenantTag, histograms, tracing, slowAcquireThresholdMs, name),
        maxTotalConnections,
        poolIdleTimeoutMs,
        maxPools,
        virtualThreads,
        clusterSettings);
  }

  @Override
  public String toString() {
    Map<String, String> printable = new TreeMap<>();
    // The options are TenantPool's own, known and validated keys: shown as setting() shows them.
    options.forEach((key, value) -> printable.put(key, printable(key, value)));
    return "TenantPoolConfig[url=" + url + ", options=" + printable + ", properties="
        + SafeText.properties(targetProperties) + "]";
  }

  /** Passwords hidden, tenantpool.catalog and tenantpool.cluster.url (URLs) described, the rest as given. */
  private static String printable(String key, String value) {
    if (SafeText.isSecretKey(key)) {
      return SafeText.HIDDEN;
    }
    return key.equals(TenantPoolProperty.CATALOG.key()) || key.equals(TenantPoolProperty.CLUSTER_URL.key())
        ? SafeText.url(value) : value;
  }
}
