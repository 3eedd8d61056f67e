package dev.tenantpool.router;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.TenantPoolListener;
import dev.tenantpool.cluster.ClusterShares;
import dev.tenantpool.observe.Observability;
import dev.tenantpool.observe.TenantTelemetry;
import dev.tenantpool.pool.ConnectionBudget;
import dev.tenantpool.pool.PoolThreads;
import dev.tenantpool.pool.TenantPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes a tenant to its pool and guards each borrow with the tenant's circuit breaker: the hot
 * path, top to bottom, in this class. The rest hangs off it, one job per class: {@link
 * PoolCreation} (single-flight creation on first use), {@link PoolRetirement} (idle pools,
 * maxPools, draining and closing), {@link ServerBudgets} (per-server caps and reclaiming),
 * {@link PauseGate}, {@link HealthReport}, {@link CatalogChanges} and {@link CircuitEvents}, all
 * sharing one {@link TenantTable}.
 *
 * <p>The hot path is one {@link ConcurrentHashMap#get}, a breaker check, a borrow and a
 * duration record: no lock, no formatting.
 */
public final class TenantRouter implements AutoCloseable {
  private final RouterSettings settings;
  private final TenantTable table;
  // The table's map, held here too so that a borrow's lookup is one field away.
  private final ConcurrentHashMap<String, TenantEntry> entries;
  private final PauseGate pauses;
  private final PoolCreation creation;
  private final SlowBorrow slowly;
  private final PoolRetirement retirement;
  private final ServerBudgets budgets;
  private final HealthReport health;
  private final CatalogChanges catalogChanges;
  private final CircuitEvents circuitEvents;
  private final CircuitProber prober;
  private final Observability observability;
  private final TenantResolver resolver;
  // Two close() calls at once must release the shared pool threads once, or the second release
  // would stop them under every other data source.
  private final AtomicBoolean closing = new AtomicBoolean();

  /** A router with no pools yet; it holds the shared pool threads until {@link #close()}. */
  public TenantRouter(RouterSettings settings) {
    this(settings, null);
  }

  /**
   * A router whose tenants' targets come from {@code resolver} (a tenant catalog), or from the
   * URL template when it is null. The router closes the resolver when it closes.
   */
  public TenantRouter(RouterSettings settings, TenantResolver resolver) {
    this.settings = settings;
    this.table = new TenantTable(settings.name());
    this.entries = table.entries;
    this.observability = new Observability(settings.observe(), entries::size);
    ScheduledExecutorService scheduler = PoolThreads.acquire();
    ClusterShares cluster = null;
    PoolRetirement retiring = null;
    try {
      cluster = settings.cluster() == null ? null
          : new ClusterShares(settings.cluster(), settings.name(), scheduler, PoolThreads.lifecycle());
      this.budgets = new ServerBudgets(settings.maxTotalConnections(), cluster, table, observability, scheduler);
      this.prober = new CircuitProber(scheduler, PoolThreads.probes(), budgets::attach);
      this.circuitEvents = new CircuitEvents(table, prober, settings.replica());
      this.pauses = new PauseGate(settings.pool().connectionTimeoutMs());
      this.retirement = retiring = new PoolRetirement(settings, table, budgets, scheduler, PoolThreads.lifecycle());
      this.resolver = resolver != null ? resolver : new TemplateResolver(settings);
      this.creation = new PoolCreation(settings, table, this.resolver, observability, budgets, retirement,
          circuitEvents, scheduler, PoolThreads.helperThreadFactory(settings.virtualThreads()));
      this.slowly = new SlowBorrow(table, pauses, creation);
      this.health = new HealthReport(settings, table, creation, pauses);
      this.catalogChanges = new CatalogChanges(table, this.resolver, retirement, scheduler);
      this.resolver.subscribe(this::targetChanged);
    } catch (RuntimeException | Error e) {
      // Nobody will close a router that was never built: give back what it started and holds.
      if (retiring != null) {
        retiring.stopSweeping();
      }
      if (cluster != null) {
        cluster.close();
      }
      observability.close();
      PoolThreads.release();
      throw e;
    }
  }

  /** The settings this router was built with. */
  public RouterSettings settings() {
    return settings;
  }

  /** Adds a listener for breaker transitions (of replicas, when this is a replica position's router). */
  public void addListener(TenantPoolListener listener) {
    circuitEvents.addListener(listener);
  }

  /**
   * A connection of {@code tenant}'s pool, wrapped for the application, for a caller whose
   * {@code TenantContext} is {@code borrowedUnder} (null outside any scope; the caller has read
   * it already, and the tenant guard needs it).
   *
   * <p>The fast path, a healthy tenant's borrow, touches the map, the tenant's entry, its breaker's
   * two epoch fields, its pool and its meters, and reads no clock (see {@link
   * dev.tenantpool.observe.CoarseClock}): no permission is asked of a breaker whose window is full
   * of fast successes (it would be granted), and no fast success is recorded into it (it would
   * change nothing). Anything else, a new tenant, a pause, a retiring pool, a breaker that has
   * seen a failure, a pool with no idle connection for a while, takes {@link SlowBorrow}.
   *
   * @throws SQLException TP002 for an invalid tenant id, TP004 while the tenant's circuit is
   *     open, TP005 while it is paused, TP006 on timeout, TP007 once closed, or the target
   *     driver's own error when the tenant's database refuses the first connection
   */
  public Connection getConnection(String tenant, String borrowedUnder) throws SQLException {
    TenantEntry entry = entries.get(tenant);
    if (entry == null || pauses.anyPaused() || entry.retiring) {
      return slowly.getConnection(tenant, borrowedUnder, System.nanoTime());
    }
    // A clean window needs neither permission nor recording; a breaker that has seen only fast
    // successes (a new tenant's first borrows) needs no permission, only its successes counted.
    boolean clean = entry.breaker.isClean();
    if (!clean && !entry.breaker.onlyFastSuccesses()) {
      return slowly.getConnection(tenant, borrowedUnder, System.nanoTime());
    }
    TenantTelemetry telemetry = entry.telemetry;
    long start = telemetry.now();
    Connection pooled;
    try {
      pooled = entry.pool().tryBorrow();
    } catch (SQLException e) {
      pooled = null; // interrupted, say: the slow path tries again and reports it
    }
    if (pooled != null) {
      if (!entry.retiring) {
        long now = telemetry.now();
        long nanos = telemetry.nanosBetween(start, now);
        if (clean && !entry.breaker.isSlow(nanos)) {
          return Lending.lent(entry, pooled, borrowedUnder, now, nanos);
        }
        // A slow success is news to the breaker even when its window is clean.
        return Lending.recorded(entry, pooled, borrowedUnder, now, nanos);
      }
      // Retired while we borrowed (see SlowBorrow): route again.
      Lending.returnQuietly(pooled, null);
    }
    return slowly.getConnection(tenant, borrowedUnder, telemetry.nanoTimeOf(start));
  }

  // ---- operations, inspection and shutdown: each handed to the part that does it ----

  /** New borrows of {@code tenant} wait (up to connectionTimeout, then TP005); leased connections carry on. */
  public void pause(String tenant) throws SQLException {
    creation.validate(tenant);
    pauses.pause(tenant);
  }

  /** Lets {@code tenant}'s waiting and future borrows proceed. */
  public void resume(String tenant) {
    pauses.resume(tenant);
  }

  /** Whether {@code tenant} is paused. */
  public boolean isPaused(String tenant) {
    return pauses.isPaused(tenant);
  }

  /**
   * Closes {@code tenant}'s pool now (leased connections are given up to the shutdown timeout to
   * come back); the next call for the tenant creates a new pool. Returns false if it had none.
   */
  public boolean closePool(String tenant) {
    return retirement.closeNow(tenant);
  }

  /** {@code tenant}'s catalog entry (or its tier) changed: see {@link CatalogChanges}. */
  public void targetChanged(String tenant) {
    catalogChanges.targetChanged(tenant);
  }

  /** The tenants that have a pool now, sorted. */
  public Set<String> tenants() {
    return new TreeSet<>(entries.keySet());
  }

  /** Number of open pools. */
  public int poolCount() {
    return entries.size();
  }

  /** The pool of {@code tenant}, or {@code null} if it has none now. */
  public TenantPool pool(String tenant) {
    TenantEntry entry = entries.get(tenant);
    return entry == null ? null : entry.pool();
  }

  /** The per-server budgets in use (empty without {@code tenantpool.maxTotalConnections}). */
  public List<ConnectionBudget> budgets() {
    return budgets.all();
  }

  /** The breaker state of {@code tenant} ({@link CircuitState#CLOSED} for a tenant never seen). */
  public CircuitState circuitState(String tenant) {
    return health.circuitState(tenant);
  }

  /** The health of every tenant that has a pool, without probing. */
  public List<TenantHealth> health() {
    return health.all();
  }

  /** The health of {@code tenant}, with a validation probe (see {@link HealthReport#probe}). */
  public TenantHealth health(String tenant) throws SQLException {
    return health.probe(tenant);
  }

  /**
   * Closes every pool, waiting up to the shutdown timeout (in all, not per pool) for leased
   * connections to come back. Idempotent.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    table.markClosed();
    retirement.stopSweeping();
    prober.stop();
    retirement.closeAll(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs()),
        pauses::releaseAll);
    budgets.close(); // after the pools: it gives up the shares their closed connections held
    resolver.close();
    observability.close();
    PoolThreads.release();
  }

  @Override
  public String toString() {
    return "TenantRouter[" + settings.name() + ", url=" + settings.targetUrl() + ", pools=" + entries.size()
        + (table.closed() ? ", closed" : "") + "]";
  }
}
