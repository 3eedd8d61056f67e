package dev.tenantpool.benchmarks;

/**
 * What a benchmark measures: bare HikariCP, TenantPool, or a peer wrapping the same HikariCP
 * pool. The {@code @Param} values of every benchmark are these keys.
 */
public enum Variant {
  /** One bare HikariCP pool: the baseline every ratio is taken against. */
  HIKARI("hikari", false),
  /** TenantPool with metrics (SimpleMeterRegistry) and breakers on, tracing with no SDK installed. */
  TENANTPOOL("tenantpool", true),
  /** TenantPool with an OpenTelemetry SDK that samples every span and exports to nowhere. */
  TENANTPOOL_TRACED("tenantpool-traced", true),
  /** P6Spy's {@code P6DataSource} over the pool, logging to SLF4J below its enabled level. */
  P6SPY("p6spy", false),
  /** datasource-proxy's {@code ProxyDataSource} over the pool, no listener. */
  DATASOURCE_PROXY("datasource-proxy", false),
  /** OpenTelemetry's JDBC library over the pool, with the same sampled SDK as tenantpool-traced. */
  OTEL_JDBC("otel-jdbc", false),
  /** FlexyPool over the pool, metrics to Micrometer, no acquisition strategy. */
  FLEXY_POOL("flexy-pool", false),
  /** A hand-rolled map of HikariCP pools keyed by tenant: what teams write themselves. */
  ROUTING("routing", true);

  private final String key;
  private final boolean routes;

  Variant(String key, boolean routes) {
    this.key = key;
    this.routes = routes;
  }

  /** The {@code @Param} value. */
  public String key() {
    return key;
  }

  /** Whether it keeps a pool per tenant (otherwise one pool serves every call). */
  public boolean routes() {
    return routes;
  }

  /** The variant whose key is {@code key}. */
  public static Variant of(String key) {
    for (Variant variant : values()) {
      if (variant.key.equals(key)) {
        return variant;
      }
    }
    throw new IllegalArgumentException("unknown variant \"" + key + "\"; known: hikari, tenantpool,"
        + " tenantpool-traced, p6spy, datasource-proxy, otel-jdbc, flexy-pool, routing");
  }
}
