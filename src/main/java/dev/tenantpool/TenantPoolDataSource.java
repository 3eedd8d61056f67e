package dev.tenantpool;

import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantRouter;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over per-tenant pools, for applications that configure their own
 * DataSource bean. Use it <em>as</em> the application's DataSource: an outer pool around it would
 * cache connections across tenants.
 *
 * <pre>{@code
 * TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
 *     .url("jdbc:tenantpool:postgresql://db:5432/app_{tenant}")
 *     .username("app")
 *     .password(secret)
 *     .property("tenantpool.maximumPoolSize", "10")
 *     .build();
 * try (TenantContext.Scope scope = TenantContext.use("acme");
 *      Connection c = dataSource.getConnection()) { ... }
 * dataSource.close();
 * }</pre>
 *
 * <p>The configuration is validated by {@link Builder#build()} and immutable afterwards.
 */
public final class TenantPoolDataSource implements DataSource, AutoCloseable {
  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final TenantPoolConfig config;
  // The primary's router, held here for the borrow's sake; routers has it too, with the replicas'.
  private final TenantRouter router;
  private final DataSourceRouters routers;
  private final String name;
  // The MXBean's name while it is registered (tenantpool.registerMbeans), else null.
  private final AtomicReference<ObjectName> mbean = new AtomicReference<>();
  private volatile PrintWriter logWriter;

  private TenantPoolDataSource(TenantPoolConfig config, String name, Builder builder, TenantResolver catalog) {
    this.config = config;
    this.name = name;
    this.router = new TenantRouter(config.routerSettings(name, builder.meterRegistry, builder.openTelemetry), catalog);
    this.routers = new DataSourceRouters(router, config.mayHaveReplicas()
        ? new ReplicaRoutes(config, name, builder.meterRegistry, builder.openTelemetry, catalog, router) : null);
    for (TenantPoolListener listener : builder.listeners) {
      routers.addListener(listener);
    }
  }

  /** A builder; {@link Builder#url} is the one required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** A connection for the current tenant: the URL's, else {@link TenantContext}'s, else the default. */
  @Override
  public Connection getConnection() throws SQLException {
    // One read of the context: it names the tenant (unless the URL pins one) and the scope the
    // connection is borrowed in, which the tenant guard needs.
    String context = TenantContext.currentOrNull();
    return router.getConnection(config.tenantFor(null, context), context);
  }

  /**
   * Not supported: credentials belong to the configuration (builder or tenant catalog), so that a
   * tenant's pool never mixes logins.
   */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "per-call credentials are not supported; set username and password on TenantPoolDataSource.builder()");
  }

  /** A connection of {@code tenant}, whatever the current {@link TenantContext} says. */
  public Connection getConnection(String tenant) throws SQLException {
    if (tenant == null) {
      throw TenantPoolConfig.noTenant();
    }
    return router.getConnection(tenant, TenantContext.currentOrNull());
  }

  /**
   * A read-only connection of {@code tenant}, from one of its read replicas when it has them
   * ({@code tenantpool.replicaUrl}, or the {@code replicas} field of its catalog entry): chosen
   * round-robin, skipping replicas whose circuit is open. When none answers, or the tenant has
   * none, it is a connection of the tenant's primary pool ({@code tenantpool.replica.fallback=primary},
   * the default) or the replica's failure ({@code none}: SQLState TP004 while its circuit is open).
   * The connection is set {@link Connection#setReadOnly read-only} (reset when it goes back to its
   * pool), and belongs to {@code tenant} for the tenant guard as {@link #getConnection(String)}'s does.
   *
   * @throws SQLException TP002 for an invalid tenant id, and what {@link #getConnection(String)} throws
   */
  public Connection getReadOnlyConnection(String tenant) throws SQLException {
    if (tenant == null) {
      throw TenantPoolConfig.noTenant();
    }
    return routers.readOnly(tenant, TenantContext.currentOrNull());
  }

  /** As {@link #getReadOnlyConnection(String)}, for the current tenant, as {@link #getConnection()} finds it. */
  public Connection getReadOnlyConnection() throws SQLException {
    String context = TenantContext.currentOrNull();
    return routers.readOnly(config.tenantFor(null, context), context);
  }

  /**
   * A {@link DataSource} view bound to one tenant, for code that takes a plain DataSource (a
   * migration tool, a template). It shares this data source's pools; closing it is not needed.
   *
   * @throws IllegalArgumentException if {@code tenant} is null or blank
   */
  public DataSource forTenant(String tenant) {
    return new TenantBoundDataSource(this, TenantContext.requireTenant(tenant));
  }

  /**
   * As {@link #forTenant}, for {@code tenant}'s read-only connections: each {@code getConnection}
   * is a {@link #getReadOnlyConnection(String)}, for code that takes a plain DataSource for its
   * reads (a reporting library, a read-only JdbcTemplate).
   *
   * @throws IllegalArgumentException if {@code tenant} is null or blank
   */
  public DataSource forTenantReadOnly(String tenant) {
    return new TenantBoundDataSource(this, TenantContext.requireTenant(tenant), true);
  }

  /**
   * The value this data source uses for {@code property}: the one given (URL or builder), else the
   * default; {@code null} for a key without either. Secrets are never handed out: the catalog
   * password reads as {@code ***} and the catalog URL as its system, host, port and database
   * only. For frameworks that configure
   * themselves from the data source (the Hibernate integration reads the root and default tenant).
   */
  public String setting(TenantPoolProperty property) {
    return config.setting(Objects.requireNonNull(property, "property"));
  }

  /**
   * The database system of the target URL, its JDBC subprotocol ({@code postgresql} for
   * {@code jdbc:tenantpool:postgresql://...}), for frameworks that choose a SQL dialect before any
   * tenant's connection exists.
   */
  public String databaseSystem() {
    return config.databaseSystem();
  }

  /** The tenants that have a pool now, sorted. */
  public Set<String> tenants() {
    return router.tenants();
  }

  /** Number of tenant pools open now. */
  public int poolCount() {
    return router.poolCount();
  }

  /** Active, idle, waiting and total counts of {@code tenant}'s pool, or {@code null} if it has none. */
  public PoolStats stats(String tenant) {
    TenantPool pool = router.pool(tenant);
    return pool == null ? null : new PoolStats(
        tenant, pool.activeConnections(), pool.idleConnections(), pool.pendingThreads(), pool.totalConnections());
  }

  /**
   * The per-server connection budgets ({@code tenantpool.maxTotalConnections}): for each server,
   * physical connections in use across tenants and the cap. Empty when there is no cap.
   */
  public List<BudgetStats> budgets() {
    return routers.budgets();
  }

  /** Closes {@code tenant}'s pool now; it is created again on its next use. */
  public boolean evict(String tenant) {
    return routers.closePool(tenant);
  }

  /**
   * PgBouncer's {@code SHOW POOLS} for this data source: one row per tenant that has a pool now,
   * sorted by tenant, with its connection counts, circuit, pause and last failure. Nothing is
   * probed or created; the same view is the {@link TenantPoolMXBean}'s {@code Pools} attribute.
   */
  public List<PoolView> pools() {
    List<PoolView> rows = new ArrayList<>();
    for (TenantHealth tenant : health()) {
      rows.add(PoolView.of(tenant));
    }
    return rows;
  }

  /** The name of this data source: its meters' {@code datasource} tag and its MXBean's {@code name}. */
  public String name() {
    return name;
  }

  /** The health of every tenant that has a pool: pool counts, circuit, pause, last error. No probe. */
  public List<TenantHealth> health() {
    return routers.health();
  }

  /**
   * The health of {@code tenant}, including a validation probe (a connection is borrowed and
   * validated, bypassing the breaker; the pool is created if it does not exist).
   *
   * @throws SQLException TP002 for an invalid tenant id
   */
  public TenantHealth health(String tenant) throws SQLException {
    return router.health(tenant);
  }

  /** The circuit breaker state of {@code tenant}. */
  public CircuitState circuitState(String tenant) {
    return router.circuitState(tenant);
  }

  /**
   * Pauses {@code tenant} for maintenance: new {@code getConnection} calls wait for
   * {@link #resume} (up to {@code tenantpool.connectionTimeout}, then SQLState TP005), while
   * connections already leased finish their work.
   *
   * @throws SQLException TP002 for an invalid tenant id
   */
  public void pause(String tenant) throws SQLException {
    routers.pause(tenant);
  }

  /** Ends a {@link #pause}; waiting callers proceed at once. */
  public void resume(String tenant) {
    routers.resume(tenant);
  }

  /**
   * Adds a listener for circuit transitions, of the primaries' circuits and of the read replicas'
   * (called on the thread that caused them).
   */
  public void addListener(TenantPoolListener listener) {
    routers.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Closes every pool, waiting up to {@code tenantpool.shutdownTimeout} for leased connections to
   * come back first, and unregisters the MXBean ({@code tenantpool.registerMbeans}). Later calls
   * fail with SQLState TP007. Idempotent.
   */
  @Override
  public void close() {
    ObjectName registered = mbean.getAndSet(null);
    if (registered != null) {
      TenantPoolJmx.unregister(registered);
    }
    routers.close();
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Kept for the DataSource contract; TenantPool logs through SLF4J. */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /** Not supported: use {@code tenantpool.connectionTimeout}. */
  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    throw new SQLFeatureNotSupportedException("set tenantpool.connectionTimeout on the builder instead");
  }

  @Override
  public int getLoginTimeout() {
    return (int) (config.connectionTimeoutMs() / 1000);
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("TenantPool logs through SLF4J, not java.util.logging");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("TenantPoolDataSource is not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "TenantPoolDataSource[" + name + ", " + config + "]";
  }

  /**
   * A snapshot of one server's connection budget.
   *
   * @param server the server as {@code host:port}: lower-cased, the database system's default port
   *     filled in, several hosts as their sorted list; {@code ?} when its URL names none TenantPool can read
   * @param used physical connections to it open (or being opened) now
   * @param max the cap, {@code tenantpool.maxTotalConnections}
   * @param role {@code primary} for the budget of the tenants' own pools, {@code replica} for that
   *     of the routers of their read replicas (one per replica position)
   */
  public record BudgetStats(String server, int used, int max, String role) {
    /** A budget of the tenants' own pools. */
    public BudgetStats(String server, int used, int max) {
      this(server, used, max, TenantHealth.PRIMARY);
    }
  }

  /** A snapshot of one tenant pool's connection counts. */
  public record PoolStats(String tenant, int active, int idle, int waiting, int total) {}

  /** Builds a {@link TenantPoolDataSource}; not thread-safe, used once. */
  public static final class Builder {
    private String url;
    private String name;
    private final Properties properties = new Properties();
    private MeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry;
    private final List<TenantPoolListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The {@code jdbc:tenantpool:} URL (required). */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The login of every tenant's connections (the target driver's {@code user}). */
    public Builder username(String username) {
      return property("user", username);
    }

    /** The password of every tenant's connections; never printed. */
    public Builder password(String password) {
      return property("password", password);
    }

    /** A {@code tenantpool.*} key or a target driver property. */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, () -> "value of " + key);
      properties.setProperty(key, value);
      return this;
    }

    /** All entries of {@code values}, as by {@link #property}. */
    public Builder properties(Properties values) {
      for (String key : values.stringPropertyNames()) {
        property(key, values.getProperty(key));
      }
      return this;
    }

    /**
     * The prefix of this data source's pool names and threads' log lines, its meters'
     * {@code datasource} tag and its MXBean's name (default {@code tenantpool-N}).
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where meters go (default: Micrometer's global registry). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Where spans go (default: the global OpenTelemetry, once the application or agent sets it). */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** A listener for circuit transitions, of the primaries' circuits and of the read replicas'. */
    public Builder listener(TenantPoolListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates the configuration and returns the data source. No pool is created until a
     * tenant's first connection.
     *
     * @throws IllegalArgumentException if the URL is missing or the configuration is invalid; its
     *     cause is the {@link SQLException} with SQLState 22023 that names the key to fix
     */
    public TenantPoolDataSource build() {
      if (url == null) {
        throw new IllegalArgumentException("url is required, e.g. jdbc:tenantpool:postgresql://db:5432/app_{tenant}");
      }
      TenantPoolConfig config;
      TenantResolver catalog;
      try {
        config = TenantPoolConfig.resolve(url, properties);
        catalog = config.openResolver(); // a catalog file is read (and checked) here
      } catch (SQLException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      String chosen = name != null ? name : "tenantpool-" + NUMBER.incrementAndGet();
      TenantPoolDataSource dataSource = new TenantPoolDataSource(config, chosen, this, catalog);
      if (config.registerMbeans()) {
        dataSource.mbean.set(TenantPoolJmx.register(dataSource, chosen));
      }
      return dataSource;
    }
  }

  /**
   * Runs {@code work} for each tenant of {@code tenants}, one after the other in iteration order
   * (a tenant listed twice runs once), for example to migrate every tenant's schema at start-up:
   *
   * <pre>{@code
   * dataSource.forEachTenant(List.of("acme", "globex"), (tenant, tenantDataSource) ->
   *     Flyway.configure().dataSource(tenantDataSource).load().migrate());
   * }</pre>
   *
   * <p>Each run happens inside the tenant's {@link TenantContext} scope, with
   * {@link #forTenant forTenant(tenant)} as its data source, so code that calls
   * {@link #getConnection()} and code that is handed the DataSource both reach that tenant. A
   * failing tenant does not stop the others: failures are collected and, once every tenant had its
   * turn, thrown together as one {@link TenantWorkException} that names each failed tenant and
   * carries its exception as a suppressed one. An interrupt ({@link InterruptedException} from the
   * work, or the thread's interrupt flag) stops before the next tenant; the flag stays set and the
   * exception lists the tenants that did not run.
   *
   * @throws IllegalArgumentException before any work runs, if a tenant is null or blank
   * @throws TenantWorkException if the work failed for at least one tenant
   */
  public void forEachTenant(Iterable<String> tenants, TenantWork work) throws TenantWorkException {
    TenantWorkRunner.run(this, tenants, work);
  }
}
