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
  private final List<TenantTemplate> replicaTemplates;
  private final boolean replicaFallbackToPrimary;
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
    this.poolSettings = PoolOptions.settings(options);
    int maximumPoolSize = poolSettings.maximumPoolSize();
    if (pinnedTenant != null) {
      tenantIds.check(pinnedTenant, "tenantpool.tenant");
    }
    if (defaultTenant != null) {
      tenantIds.check(defaultTenant, "tenantpool.defaultTenant");
    }
    this.breakerSettings = BreakerOptions.settings(options);
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
    this.replicaTemplates = ReplicaUrls.templates(options, databaseSystem(url));
    this.replicaFallbackToPrimary = TenantPoolProperty.REPLICA_FALLBACK.choice(options, "primary", "none")
        .equals("primary");
    if (maxTotalConnections > 0 && maximumPoolSize > maxTotalConnections) {
      throw TenantPoolProperty.MAXIMUM_POOL_SIZE.conflict(
          "at most tenantpool.maxTotalConnections (" + maxTotalConnections + ")", maximumPoolSize);
    }
    this.clusterSettings = ClusterOptions.settings(options, maxTotalConnections);
    if (clusterSettings != null && maximumPoolSize > clusterSettings.budget()) {
      throw TenantPoolProperty.MAXIMUM_POOL_SIZE.conflict(
          "at most tenantpool.clusterBudget (" + clusterSettings.budget() + ")", maximumPoolSize);
    }
    this.keyTiers = TierKeys.parse(options);
    this.catalogSettings = CatalogOptions.settings(options, poolSettings.connectionTimeoutMs());
    this.catalogAllowedHosts = CatalogOptions.allowedHosts(options);
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
    return databaseSystem(url);
  }

  private static String databaseSystem(TenantPoolUrl url) {
    return TargetAddress.parse(url.targetTemplate()).system();
  }

  /** The read-replica templates of tenantpool.replicaUrl, in order (empty when unset). */
  List<TenantTemplate> replicaTemplates() {
    return replicaTemplates;
  }

  /** Whether a read-only connection falls back to the primary (tenantpool.replica.fallback=primary). */
  boolean replicaFallbackToPrimary() {
    return replicaFallbackToPrimary;
  }

  /**
   * Whether this data source may have read replicas: tenantpool.replicaUrl, or a catalog whose
   * entries may list them. Its meters then carry a role tag, primary or replica.
   */
  boolean mayHaveReplicas() {
    return !replicaTemplates.isEmpty() || catalogSettings != null;
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
    return routerSettings(name, TenantTemplate.of(url.targetTemplate()), registry, openTelemetry,
        mayHaveReplicas() ? "primary" : null, null, name, clusterSettings, 0);
  }

  /**
   * The settings of one of the routers of a data source: the primary's, or the router of every
   * tenant's {@code position}-th read replica (its pools named {@code name-replica-tenant},
   * {@code name-replica2-tenant}, ...), with the same pool, breaker and budget settings. Replica
   * routers take no part in tenantpool.clusterBudget: the cluster budget caps the primaries'
   * servers, and each replica router caps its servers with tenantpool.maxTotalConnections.
   */
  RouterSettings replicaRouterSettings(String name, int position, TenantTemplate target, MeterRegistry registry,
      OpenTelemetry openTelemetry, dev.tenantpool.observe.MeterShare share) {
    return routerSettings(name + "-replica" + (position == 0 ? "" : String.valueOf(position + 1)), target, registry,
        openTelemetry, "replica", share, name, null, position + 1);
  }

  private RouterSettings routerSettings(String routerName, TenantTemplate target, MeterRegistry registry,
      OpenTelemetry openTelemetry, String role, dev.tenantpool.observe.MeterShare share, String name,
      ClusterSettings cluster, int replica) {
    return new RouterSettings(
        routerName,
        target,
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
            tenantTag, histograms, tracing, slowAcquireThresholdMs, name, role, share),
        maxTotalConnections,
        poolIdleTimeoutMs,
        maxPools,
        virtualThreads,
        cluster,
        replica);
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
    if (key.equals(TenantPoolProperty.REPLICA_URL.key())) {
      return ReplicaUrls.printable(value);
    }
    return key.equals(TenantPoolProperty.CATALOG.key()) || key.equals(TenantPoolProperty.CLUSTER_URL.key())
        ? SafeText.url(value) : value;
  }
}
