package dev.tenantpool;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every {@code tenantpool.*} key: its name, default, description and validation. This enum is the
 * single source for parsing, {@link java.sql.Driver#getPropertyInfo}, and the README table (a test
 * keeps the README in step). Constants are sorted by key.
 *
 * <p>Keys may be given in the URL query ({@code ?tenantpool.maximumPoolSize=10}) or in the
 * {@code Properties} of the call; they are removed before the target driver sees the rest.
 * Durations are in milliseconds, with HikariCP's meanings and limits.
 */
public enum TenantPoolProperty {
  BREAKER_ENABLED("tenantpool.breaker.enabled", "true", Kind.BOOLEAN, 0, 0,
      "Give each tenant a circuit breaker that fails its calls fast (SQLState TP004) while its database is unhealthy."),
  BREAKER_FAILURE_RATE_THRESHOLD("tenantpool.breaker.failureRateThreshold", "50", Kind.INTEGER, 1, 100,
      "Percentage of failed calls in the sliding window that opens a tenant's circuit (1 to 100)."),
  BREAKER_MINIMUM_CALLS("tenantpool.breaker.minimumCalls", "10", Kind.INTEGER, 1, 10_000,
      "Calls a tenant's breaker records before it judges the failure rate (at most slidingWindowSize)."),
  BREAKER_PERMITTED_CALLS_IN_HALF_OPEN("tenantpool.breaker.permittedCallsInHalfOpen", "3", Kind.INTEGER, 1, 1_000,
      "Probe calls let through while a tenant's circuit is half-open; all must succeed to close it."),
  BREAKER_REFUSAL_STACK_TRACES("tenantpool.breaker.refusalStackTraces", "sampled", Kind.CHOICE, 0, 0,
      "Which refusals of an open circuit (TP004) carry a stack trace: sampled (the first of each opening, then one a second per tenant; the others cost under a microsecond and say that their trace was omitted) or all (every refusal walks the stack: microseconds and hundreds of bytes each)."),
  BREAKER_SLIDING_WINDOW_SIZE("tenantpool.breaker.slidingWindowSize", "20", Kind.INTEGER, 1, 10_000,
      "How many of a tenant's most recent calls the breaker judges."),
  BREAKER_SLOW_CALL_THRESHOLD("tenantpool.breaker.slowCallThreshold", "0", Kind.DURATION_OR_ZERO, 1, Long.MAX_VALUE,
      "Milliseconds after which a connection acquisition counts as slow; slow calls above failureRateThreshold percent open the circuit. 0 does not judge speed."),
  BREAKER_WAIT_IN_OPEN("tenantpool.breaker.waitInOpen", "30000", Kind.DURATION, 100, Long.MAX_VALUE,
      "Milliseconds a tenant's circuit stays open before the tenant's next call is let through as a probe (minimum 100)."),
  CATALOG("tenantpool.catalog", null, Kind.STRING, 0, 0,
      "Where tenants come from: file:/path/tenants.properties, file:/path/tenants.yaml, or the jdbc:postgresql: URL of the database holding tenantpool.catalog.table. A tenant the catalog does not list is refused (SQLState TP008). Unset: every tenant is routed by the URL's {tenant} template."),
  CATALOG_ALLOWED_HOSTS("tenantpool.catalog.allowedHosts", null, Kind.STRING, 0, 0,
      "Hosts a catalog entry's own url may name besides the URL template's hosts: comma-separated host (any port), host:port, or *.example.com (every host under example.com). An entry that names another host, or another subprotocol than the template's, fails with SQLState 22023; an entry naming a host the template does not name must carry its own password (the data source's is only sent to the template's hosts)."),
  CATALOG_CHANNEL("tenantpool.catalog.channel", "tenantpool_catalog", Kind.STRING, 0, 0,
      "Channel the catalog table's trigger NOTIFYs on; the catalog LISTENs to it and re-reads the table at once."),
  CATALOG_PASSWORD("tenantpool.catalog.password", null, Kind.STRING, 0, 0,
      "Password of tenantpool.catalog.user on the catalog database (never printed)."),
  CATALOG_REFRESH_INTERVAL("tenantpool.catalog.refreshInterval", "30000", Kind.DURATION, 100, Long.MAX_VALUE,
      "Milliseconds between re-reads of the catalog without a notification: the polling fallback of a catalog table, the modification check of a catalog file (minimum 100)."),
  CATALOG_TABLE("tenantpool.catalog.table", "tenantpool_tenants", Kind.STRING, 0, 0,
      "Table, optionally schema-qualified, that lists the tenants in the catalog database (columns tenant, url, username, password, tier, options jsonb)."),
  CATALOG_TEMPLATE_FALLBACK("tenantpool.catalog.templateFallback", "false", Kind.BOOLEAN, 0, 0,
      "Route a tenant the catalog does not list by the URL's {tenant} template with the data source's settings, instead of refusing it with SQLState TP008."),
  CATALOG_USER("tenantpool.catalog.user", null, Kind.STRING, 0, 0,
      "Login on the catalog database; unset, the catalog URL's own user parameter (if any) applies."),
  CLUSTER_HEARTBEAT_INTERVAL("tenantpool.cluster.heartbeatInterval", "1000", Kind.DURATION, 100, 60_000,
      "Milliseconds between an instance's heartbeats to the coordination database of tenantpool.clusterBudget (100 to 60000): shares move, and a new instance gets its first share, at this pace; an instance whose coordination session ended and that stopped heartbeating is counted gone within three intervals."),
  CLUSTER_INSTANCE("tenantpool.cluster.instance", null, Kind.STRING, 0, 0,
      "This instance's name in the coordination table of tenantpool.clusterBudget (letters, digits, '.', '_', '-'; a random suffix keeps every data source's row its own). Unset: the HOSTNAME environment variable and the process id."),
  CLUSTER_PASSWORD("tenantpool.cluster.password", null, Kind.STRING, 0, 0,
      "Password of tenantpool.cluster.user on the coordination database (never printed)."),
  CLUSTER_URL("tenantpool.cluster.url", null, Kind.STRING, 0, 0,
      "The jdbc:postgresql: URL of the coordination database of tenantpool.clusterBudget, where instances register and lease shares (table tenantpool_cluster_members, created if missing). Unset: the tenantpool.catalog database when the catalog is a jdbc: URL, with the catalog's login. Connect it to PostgreSQL directly or through a session-mode PgBouncer, never a transaction-mode one (it holds a session advisory lock)."),
  CLUSTER_USER("tenantpool.cluster.user", null, Kind.STRING, 0, 0,
      "Login on the coordination database; unset, the URL's own user parameter (or, for the catalog database, tenantpool.catalog.user) applies."),
  CLUSTER_BUDGET("tenantpool.clusterBudget", "0", Kind.INTEGER, 0, 1_000_000,
      "Cap on physical connections to one database server across every application instance that shares the coordination database (tenantpool.cluster.url): each instance holds a share that follows its demand and never opens a connection beyond it. Combines with tenantpool.maxTotalConnections, which then caps one instance's share. 0 means no cluster budget."),
  CONNECTION_TIMEOUT("tenantpool.connectionTimeout", "10000", Kind.DURATION, 250, Long.MAX_VALUE,
      "Milliseconds a getConnection waits for a connection of the tenant's pool before it fails with SQLState TP006 (minimum 250)."),
  DEFAULT_TENANT("tenantpool.defaultTenant", null, Kind.STRING, 0, 0,
      "Tenant used when the call names none and no TenantContext is open. Unset by default: TenantPool never falls back to a tenant you did not name."),
  HIBERNATE_ROOT_TENANT("tenantpool.hibernate.rootTenant", null, Kind.STRING, 0, 0,
      "Hibernate integration only: the tenant whose database (or schema) Hibernate uses for start-up and metadata work (dialect detection, hbm2ddl validate) and that TenantContextResolver reports as root. Unset: Hibernate's hibernate.multi_tenant.datasource.identifier_for_any, else tenantpool.defaultTenant."),
  IDLE_TIMEOUT("tenantpool.idleTimeout", "60000", Kind.DURATION_OR_ZERO, 10_000, Long.MAX_VALUE,
      "Milliseconds an idle connection is kept before it is closed; 0 keeps idle connections forever (otherwise minimum 10000)."),
  LEAK_DETECTION_THRESHOLD("tenantpool.leakDetectionThreshold", "0", Kind.DURATION_OR_ZERO, 2_000, Long.MAX_VALUE,
      "Milliseconds a connection may be leased before a possible leak is logged with the borrower's stack; 0 disables (otherwise minimum 2000)."),
  MAX_LIFETIME("tenantpool.maxLifetime", "1800000", Kind.DURATION_OR_ZERO, 30_000, Long.MAX_VALUE,
      "Milliseconds after which a connection is retired once it is returned; 0 means no limit (otherwise minimum 30000)."),
  MAX_POOLS("tenantpool.maxPools", "0", Kind.INTEGER, 0, Integer.MAX_VALUE,
      "Most tenant pools open at once; beyond it the least recently used pools with nothing leased are closed (they come back on next use). 0 means no limit."),
  MAX_TOTAL_CONNECTIONS("tenantpool.maxTotalConnections", "0", Kind.INTEGER, 0, 1_000_000,
      "Cap on physical connections to one database server across all tenants of this data source; a server is the host:port of the resolved URL (host lower-cased, the database system's default port when the URL gives none). When spent, idle connections of other tenants are reclaimed before a caller waits. 0 means no cap."),
  MAXIMUM_POOL_SIZE("tenantpool.maximumPoolSize", "5", Kind.INTEGER, 1, 10_000,
      "Most physical connections one tenant's pool holds (1 to 10000). Small by default: many tenants share one server."),
  METRICS_HISTOGRAMS("tenantpool.metrics.histograms", "false", Kind.BOOLEAN, 0, 0,
      "Publish percentile histograms for TenantPool's timers (more series per tenant; opt in)."),
  METRICS_TENANT_TAG("tenantpool.metrics.tenantTag", "tenant", Kind.CHOICE, 0, 0,
      "How meters are tagged by tenant: tenant (a series per tenant), tier (a series per tier) or none (one series). Choose tier or none for thousands of tenants."),
  MINIMUM_IDLE("tenantpool.minimumIdle", "0", Kind.INTEGER, 0, 10_000,
      "Idle connections a tenant's pool tries to keep (0 to maximumPoolSize). 0 lets an unused tenant hold no connection at all."),
  POOL_IDLE_TIMEOUT("tenantpool.poolIdleTimeout", "300000", Kind.DURATION_OR_ZERO, 1_000, Long.MAX_VALUE,
      "Milliseconds a tenant pool may go unused before it is closed (it comes back lazily on next use); 0 keeps pools open (otherwise minimum 1000)."),
  REGISTER_MBEANS("tenantpool.registerMbeans", "false", Kind.BOOLEAN, 0, 0,
      "TenantPoolDataSource only: register a TenantPoolMXBean with the platform MBeanServer as dev.tenantpool:type=TenantPool,name=<data source name> (the pools' SHOW POOLS view; pause, resume and evict operations), unregistered by close(). HikariCP's registerMbeans."),
  REPLICA_FALLBACK("tenantpool.replica.fallback", "primary", Kind.CHOICE, 0, 0,
      "TenantPoolDataSource only: what a read-only connection (getReadOnlyConnection, Hibernate's read-only sessions) gets when every read replica of its tenant has an open circuit or failed, or the tenant has none: primary (a connection of the tenant's primary pool, set read-only) or none (the replica's failure, SQLState TP004 while its circuit is open)."),
  REPLICA_URL("tenantpool.replicaUrl", null, Kind.STRING, 0, 0,
      "TenantPoolDataSource only: the read replicas of every tenant, one or more target URL templates with {tenant} (comma-separated, each starting with jdbc: and the URL's subprotocol). getReadOnlyConnection and Hibernate's read-only sessions use them, round-robin, with pools, breakers, budget and meters (tagged role=replica) of their own; the data source's user and password go to their hosts too. A catalog entry's replicas field replaces them for its tenant; an entry with a url of its own and no replicas has none."),
  RESERVED_TENANTS("tenantpool.reservedTenants", "information_schema,pg_catalog,pg_toast,postgres,public,template0,template1", Kind.STRING, 0, 0,
      "Comma-separated tenant ids refused (SQLState TP002) whatever tenantpool.tenantPattern allows, compared without case: by default the names of PostgreSQL's own databases and schemas, which reach no tenant's data. Empty: none refused."),
  SHUTDOWN_TIMEOUT("tenantpool.shutdownTimeout", "30000", Kind.DURATION_OR_ZERO, 0, Long.MAX_VALUE,
      "Milliseconds close() waits for leased connections to come back before it closes them; 0 closes at once."),
  TENANT("tenantpool.tenant", null, Kind.STRING, 0, 0,
      "Tenant of this getConnection call (a connection property; in the URL it pins every connection of that URL to one tenant)."),
  TENANT_GUARD("tenantpool.tenantGuard", "true", Kind.BOOLEAN, 0, 0,
      "Refuse (SQLState TP003) to use a connection of tenant A while TenantContext says tenant B."),
  TENANT_PATTERN("tenantpool.tenantPattern", "[A-Za-z0-9][A-Za-z0-9_-]{0,62}", Kind.PATTERN, 0, 0,
      "Regular expression every tenant id must match in full before it is put into a URL (SQLState TP002 otherwise)."),
  TRACING("tenantpool.tracing", "true", Kind.BOOLEAN, 0, 0,
      "Give every statement execution an OpenTelemetry CLIENT span (when an OpenTelemetry SDK is installed; with none it costs close to nothing)."),
  TRACING_SLOW_ACQUIRE_THRESHOLD("tenantpool.tracing.slowAcquireThreshold", "50", Kind.DURATION_OR_ZERO, 1, Long.MAX_VALUE,
      "Milliseconds after which a connection acquisition gets a span of its own, so waiting shows in traces; 0 never."),
  VALIDATION_TIMEOUT("tenantpool.validationTimeout", "5000", Kind.DURATION, 250, Long.MAX_VALUE,
      "Milliseconds a connection liveness check may take (minimum 250, at most connectionTimeout; when unset, the smaller of 5000 and connectionTimeout)."),
  VIRTUAL_THREADS("tenantpool.virtualThreads", "true", Kind.BOOLEAN, 0, 0,
      "On JDK 21 and newer, run HikariCP's per-pool helper threads (connection adder, closer) as virtual threads, so that opening thousands of tenant pools at once costs no platform thread per pool. Ignored on older JDKs. Set false if the target driver blocks inside synchronized code on JDK 21 to 23, which pins a carrier thread.");

  /** The prefix every key shares; keys with it are never passed to the target driver. */
  public static final String PREFIX = "tenantpool.";

  /**
   * The prefix of tier keys, {@code tenantpool.tier.<name>.<key>}: a family rather than constants,
   * validated by tier (the key must be one of {@link #isTenantScoped() the tenant-scoped keys}).
   */
  public static final String TIER_PREFIX = "tenantpool.tier.";

  // The keys a tier or a catalog entry may set for one tenant: its pool's and its breaker's. The
  // others (tenant resolution, the guard, metrics, tracing, the catalog itself) belong to the
  // data source as a whole.
  private static final java.util.Set<TenantPoolProperty> TENANT_SCOPED = java.util.EnumSet.of(
      BREAKER_ENABLED, BREAKER_FAILURE_RATE_THRESHOLD, BREAKER_MINIMUM_CALLS, BREAKER_PERMITTED_CALLS_IN_HALF_OPEN,
      BREAKER_SLIDING_WINDOW_SIZE, BREAKER_SLOW_CALL_THRESHOLD, BREAKER_WAIT_IN_OPEN, CONNECTION_TIMEOUT, IDLE_TIMEOUT,
      LEAK_DETECTION_THRESHOLD, MAX_LIFETIME, MAXIMUM_POOL_SIZE, MINIMUM_IDLE, VALIDATION_TIMEOUT);

  private enum Kind {
    STRING, INTEGER, DURATION, DURATION_OR_ZERO, BOOLEAN, PATTERN, CHOICE
  }

  private final String key;
  private final String defaultValue;
  private final Kind kind;
  private final long min;
  private final long max;
  private final String description;

  TenantPoolProperty(String key, String defaultValue, Kind kind, long min, long max, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.description = description;
  }

  /** The full key, e.g. {@code tenantpool.maximumPoolSize}. */
  public String key() {
    return key;
  }

  /** The default as it would be written in a URL, or {@code null} when the key has none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What the key does, its unit and its range. */
  public String description() {
    return description;
  }

  /** True for the pool and breaker keys that a tier or a tenant catalog entry may set per tenant. */
  public boolean isTenantScoped() {
    return TENANT_SCOPED.contains(this);
  }

  /** The tenant-scoped keys without the prefix, as a catalog entry writes them: "breaker.enabled, ...". */
  static String tenantScopedNames() {
    StringBuilder names = new StringBuilder();
    for (TenantPoolProperty p : TENANT_SCOPED) {
      names.append(names.length() == 0 ? "" : ", ").append(p.key.substring(PREFIX.length()));
    }
    return names.toString();
  }

  /** The constant for {@code key}, or {@code null} if no such key exists. */
  public static TenantPoolProperty forKey(String key) {
    for (TenantPoolProperty p : values()) {
      if (p.key.equals(key)) {
        return p;
      }
    }
    return null;
  }

  /** Rejects any {@code tenantpool.*} key in {@code options} that is not a constant of this enum. */
  static void rejectUnknownKeys(Map<String, String> options) throws SQLException {
    for (String key : options.keySet()) {
      // Tier keys are a family, checked key by key when the tiers are read (TierKeys).
      if (forKey(key) == null && !key.startsWith(TIER_PREFIX)) {
        throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(
            "unknown key " + key + "; known tenantpool.* keys are " + knownKeys()
                + ", and tenantpool.tier.<name>.<key> for tiers");
      }
    }
  }

  private static String knownKeys() {
    StringBuilder keys = new StringBuilder();
    for (TenantPoolProperty p : values()) {
      keys.append(keys.length() == 0 ? "" : ", ").append(p.key);
    }
    return keys.toString();
  }

  String raw(Map<String, String> options) {
    String value = options.get(key);
    return value != null ? value : defaultValue;
  }

  String string(Map<String, String> options) {
    String value = raw(options);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The value as a comma-separated list of trimmed, non-empty items (empty for a blank value). */
  java.util.Set<String> list(Map<String, String> options) {
    String value = raw(options);
    java.util.Set<String> items = new java.util.LinkedHashSet<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  int intValue(Map<String, String> options) throws SQLException {
    return (int) longValue(options);
  }

  long longValue(Map<String, String> options) throws SQLException {
    String value = raw(options).trim();
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid(value, e);
    }
    boolean inRange = parsed >= min && parsed <= max;
    if (!inRange && !(kind == Kind.DURATION_OR_ZERO && parsed == 0)) {
      throw invalid(value, null);
    }
    return parsed;
  }

  boolean booleanValue(Map<String, String> options) throws SQLException {
    String value = raw(options).trim().toLowerCase(Locale.ROOT);
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw invalid(raw(options), null);
  }

  /** The value, lower-cased, if it is one of {@code choices}. */
  String choice(Map<String, String> options, String... choices) throws SQLException {
    String value = raw(options).trim().toLowerCase(Locale.ROOT);
    for (String choice : choices) {
      if (choice.equals(value)) {
        return value;
      }
    }
    throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(
        key + " must be one of " + String.join(", ", choices) + ", but was \"" + raw(options) + "\"");
  }

  Pattern pattern(Map<String, String> options) throws SQLException {
    String value = raw(options);
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw invalid(value, e);
    }
  }

  /**
   * Checks {@code value} as this key's value would be checked, naming {@code shownKey} in the
   * message (a tier key such as {@code tenantpool.tier.pro.maximumPoolSize}, or a catalog field).
   */
  void validate(String shownKey, String value) throws SQLException {
    Map<String, String> single = Map.of(key, value);
    try {
      switch (kind) {
        case INTEGER:
        case DURATION:
        case DURATION_OR_ZERO:
          longValue(single);
          break;
        case BOOLEAN:
          booleanValue(single);
          break;
        case PATTERN:
          pattern(single);
          break;
        default:
          break;
      }
    } catch (SQLException e) {
      // Our own messages start with the key: show the key the user wrote instead.
      String message = e.getMessage().startsWith(key) ? shownKey + e.getMessage().substring(key.length()) : e.getMessage();
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(message, e.getCause());
    }
  }

  /** "tenantpool.maximumPoolSize must be an integer from 1 to 10000, but was "lots"". */
  SQLException invalid(String value, Throwable cause) {
    return TenantPoolSqlState.INVALID_CONFIGURATION.exception(
        key + " must be " + expectation() + ", but was \"" + value + "\"", cause);
  }

  /** "tenantpool.minimumIdle must be at most tenantpool.maximumPoolSize (5), but was 8". */
  SQLException conflict(String rule, long value) {
    return TenantPoolSqlState.INVALID_CONFIGURATION.exception(key + " must be " + rule + ", but was " + value);
  }

  private String expectation() {
    switch (kind) {
      case INTEGER:
        return "an integer from " + min + " to " + max;
      case DURATION:
        return "a duration in milliseconds of at least " + min;
      case DURATION_OR_ZERO:
        return min == 0 ? "a duration in milliseconds, 0 or more" : "0 or a duration in milliseconds of at least " + min;
      case BOOLEAN:
        return "true or false";
      case PATTERN:
        return "a valid regular expression";
      default:
        return "a non-blank string";
    }
  }

  DriverPropertyInfo info(Map<String, String> options) {
    String value = raw(options);
    if (this == CATALOG_PASSWORD || this == CLUSTER_PASSWORD) {
      value = null; // never handed out
    } else if ((this == CATALOG || this == CLUSTER_URL || this == REPLICA_URL) && value != null) {
      value = this == REPLICA_URL ? ReplicaUrls.printable(value) : dev.tenantpool.url.SafeText.url(value);
    }
    DriverPropertyInfo info = new DriverPropertyInfo(key, value);
    info.description = description + (defaultValue == null ? "" : " Default: " + defaultValue + ".");
    info.required = false;
    if (kind == Kind.BOOLEAN) {
      info.choices = new String[] {"true", "false"};
    } else if (this == METRICS_TENANT_TAG) {
      info.choices = new String[] {"tenant", "tier", "none"};
    } else if (this == REPLICA_FALLBACK) {
      info.choices = new String[] {"primary", "none"};
    }
    return info;
  }
}
