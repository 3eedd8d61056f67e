package dev.tenantpool;

import dev.tenantpool.observe.ObserveSettings;
import dev.tenantpool.observe.TenantTag;
import dev.tenantpool.pool.PoolSettings;
import dev.tenantpool.resilience.BreakerSettings;
import dev.tenantpool.router.RouterSettings;
import dev.tenantpool.url.SecretMasker;
import dev.tenantpool.url.TenantPoolUrl;
import dev.tenantpool.url.TenantTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
  private final java.util.regex.Pattern tenantPattern;
  private final BreakerSettings breakerSettings;
  private final TenantTag tenantTag;
  private final boolean histograms;
  private final boolean tracing;
  private final long slowAcquireThresholdMs;
  private final int maxTotalConnections;
  private final long poolIdleTimeoutMs;
  private final int maxPools;

  private TenantPoolConfig(TenantPoolUrl url, Map<String, String> options, Properties targetProperties)
      throws SQLException {
    this.url = url;
    this.options = options;
    this.targetProperties = targetProperties;
    TenantPoolProperty.rejectUnknownKeys(options);
    this.pinnedTenant = TenantPoolProperty.TENANT.string(options);
    this.defaultTenant = TenantPoolProperty.DEFAULT_TENANT.string(options);
    this.tenantPattern = TenantPoolProperty.TENANT_PATTERN.pattern(options);
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
    if (pinnedTenant != null && !tenantPattern.matcher(pinnedTenant).matches()) {
      throw TenantPoolSqlState.INVALID_TENANT.exception(
          "tenantpool.tenant does not match tenantpool.tenantPattern " + tenantPattern.pattern());
    }
    if (defaultTenant != null && !tenantPattern.matcher(defaultTenant).matches()) {
      throw TenantPoolSqlState.INVALID_TENANT.exception(
          "tenantpool.defaultTenant does not match tenantpool.tenantPattern " + tenantPattern.pattern());
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
    this.tenantTag = TenantTag.parse(TenantPoolProperty.METRICS_TENANT_TAG.choice(options, "tenant", "tier", "none"));
    this.histograms = TenantPoolProperty.METRICS_HISTOGRAMS.booleanValue(options);
    this.tracing = TenantPoolProperty.TRACING.booleanValue(options);
    this.slowAcquireThresholdMs = TenantPoolProperty.TRACING_SLOW_ACQUIRE_THRESHOLD.longValue(options);
    this.maxTotalConnections = TenantPoolProperty.MAX_TOTAL_CONNECTIONS.intValue(options);
    this.poolIdleTimeoutMs = TenantPoolProperty.POOL_IDLE_TIMEOUT.longValue(options);
    this.maxPools = TenantPoolProperty.MAX_POOLS.intValue(options);
    if (maxTotalConnections > 0 && maximumPoolSize > maxTotalConnections) {
      throw TenantPoolProperty.MAXIMUM_POOL_SIZE.conflict(
          "at most tenantpool.maxTotalConnections (" + maxTotalConnections + ")", maximumPoolSize);
    }
    this.poolSettings = new PoolSettings(
        maximumPoolSize, minimumIdle, connectionTimeout, idleTimeout, maxLifetime, leakDetection, validationTimeout);
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
  String tenantFor(Properties info) throws SQLException {
    String tenant = info == null ? null : info.getProperty(TenantPoolProperty.TENANT.key());
    if (tenant != null) {
      return tenant;
    }
    if (pinnedTenant != null) {
      return pinnedTenant;
    }
    tenant = TenantContext.currentOrNull();
    if (tenant != null) {
      return tenant;
    }
    if (defaultTenant != null) {
      return defaultTenant;
    }
    throw noTenant();
  }

  /** The tenant of a call with no properties: the URL's, the context's, or the default. */
  String tenant() throws SQLException {
    return tenantFor(null);
  }

  static SQLException noTenant() {
    return TenantPoolSqlState.NO_TENANT.exception(
        "no tenant for getConnection: open a scope with TenantContext.use(\"acme\"), pass the"
            + " connection property tenantpool.tenant, or configure tenantpool.defaultTenant");
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
        tenantPattern,
        tenantGuard,
        shutdownTimeoutMs,
        poolSettings,
        breakerSettings,
        new ObserveSettings(
            registry,
            openTelemetry,
            tenantTag, histograms, tracing, slowAcquireThresholdMs, name),
        maxTotalConnections,
        poolIdleTimeoutMs,
        maxPools);
  }

  @Override
  public String toString() {
    return "TenantPoolConfig[url=" + url + ", options=" + options + ", properties="
        + SecretMasker.maskProperties(targetProperties) + "]";
  }
}
