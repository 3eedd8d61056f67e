package dev.tenantpool.router;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.TenantPoolListener;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.cluster.ClusterShares;
import dev.tenantpool.observe.AcquireOutcome;
import dev.tenantpool.observe.CoarseClock;
import dev.tenantpool.observe.Observability;
import dev.tenantpool.observe.TenantTelemetry;
import dev.tenantpool.pool.ConnectionBudget;
import dev.tenantpool.pool.PoolThreads;
import dev.tenantpool.pool.PoolTimeoutException;
import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.proxy.TenantConnection;
import dev.tenantpool.resilience.FailureClassifier;
import dev.tenantpool.resilience.TenantBreaker;
import dev.tenantpool.url.TargetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Routes a tenant to its pool, creating the pool on first use, and guards each borrow with the
 * tenant's circuit breaker.
 *
 * <p>The hot path is one {@link ConcurrentHashMap#get}, a breaker permission, a borrow and two
 * timer records: no lock, no formatting. Creation is single-flight: the first caller for a new
 * tenant creates the pool <em>outside</em> any map lock while later callers for that tenant wait
 * on its future, so a slow tenant never blocks the map for others (the AWS wrapper's
 * {@code computeIfAbsent} lesson). A failed creation is handed to the callers that waited for it
 * and then forgotten, so the next call tries again, unless the tenant's breaker has opened.
 */
public final class TenantRouter implements AutoCloseable {
  private static final Logger CIRCUIT_LOG = LoggerFactory.getLogger("dev.tenantpool.circuit");
  private static final Logger POOL_LOG = LoggerFactory.getLogger("dev.tenantpool.pool");
  // Breakers of tenants that have no pool (their creation failed) are kept up to this many, so a
  // flood of ids whose databases do not exist cannot grow the map without bound.
  private static final int MAX_STATES_WITHOUT_POOL = 1_000;
  // Routing again after a pool was retired under the call; a pool is retired rarely, so twice
  // in a row means something is wrong, and the caller gets the error instead of a loop.
  private static final int MAX_REROUTES = 2;

  private final RouterSettings settings;
  private final ConcurrentHashMap<String, TenantEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TenantState> states = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<TenantEntry>> creating = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CountDownLatch> paused = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConnectionBudget> budgets = new ConcurrentHashMap<>();
  // Evicted pools waiting for their leased connections before they close.
  private final Set<TenantEntry> draining = ConcurrentHashMap.newKeySet();
  private final List<TenantPoolListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  // Blocking lifecycle work (closing pools): the scheduler's two threads serve every pool's
  // housekeeping and the budget's permit returns, and must never wait on I/O.
  private final java.util.concurrent.Executor lifecycle;
  // HikariCP's per-pool helper threads: virtual ones on JDK 21+ unless tenantpool.virtualThreads=false.
  private final java.util.concurrent.ThreadFactory helperThreads;
  private final CircuitProber prober;
  // This instance's shares of tenantpool.clusterBudget; null without one.
  private final ClusterShares cluster;
  private final Observability observability;
  private final ScheduledFuture<?> idleSweep;
  private final TenantResolver resolver;
  // Guards paused and anyPaused together on pause/resume (never on the hot path, never across I/O).
  private final Object pauseLock = new Object();
  private volatile boolean anyPaused;
  private volatile boolean closed;
  // Two close() calls at once must release the shared pool threads once, or the second release
  // would stop them under every other data source.
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

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
    this.observability = new Observability(settings.observe(), entries::size);
    this.scheduler = PoolThreads.acquire();
    this.lifecycle = PoolThreads.lifecycle();
    this.helperThreads = PoolThreads.helperThreadFactory(settings.virtualThreads());
    this.prober = new CircuitProber(scheduler, PoolThreads.probes(), budgets::get);
    this.cluster = settings.cluster() == null ? null
        : new ClusterShares(settings.cluster(), settings.name(), scheduler, lifecycle);
    long idleTimeout = settings.poolIdleTimeoutMs();
    if (idleTimeout > 0) {
      // Swept on a timer, not on access: an idle tenant's pool must close even when nobody calls.
      long period = Math.max(250, Math.min(idleTimeout / 4, 30_000));
      this.idleSweep = scheduler.scheduleWithFixedDelay(this::sweepIdlePools, period, period, TimeUnit.MILLISECONDS);
    } else {
      this.idleSweep = null;
    }
    this.resolver = resolver != null ? resolver : new TemplateResolver(settings);
    this.resolver.subscribe(this::targetChanged);
  }

  /** The settings this router was built with. */
  public RouterSettings settings() {
    return settings;
  }

  /** Adds a listener for breaker transitions. */
  public void addListener(TenantPoolListener listener) {
    listeners.add(listener);
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
   * seen a failure, a pool with no idle connection for a while, takes {@link #getConnectionSlowly}.
   *
   * @throws SQLException TP002 for an invalid tenant id, TP004 while the tenant's circuit is
   *     open, TP005 while it is paused, TP006 on timeout, TP007 once closed, or the target
   *     driver's own error when the tenant's database refuses the first connection
   */
  public Connection getConnection(String tenant, String borrowedUnder) throws SQLException {
    TenantEntry entry = entries.get(tenant);
    if (entry == null || anyPaused || entry.retiring) {
      return getConnectionSlowly(tenant, borrowedUnder, System.nanoTime());
    }
    // A clean window needs neither permission nor recording; a breaker that has seen only fast
    // successes (a new tenant's first borrows) needs no permission, only its successes counted.
    boolean clean = entry.breaker.isClean();
    if (!clean && !entry.breaker.onlyFastSuccesses()) {
      return getConnectionSlowly(tenant, borrowedUnder, System.nanoTime());
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
          return lent(entry, pooled, borrowedUnder, now, nanos);
        }
        // A slow success is news to the breaker even when its window is clean.
        return recorded(entry, pooled, borrowedUnder, now, nanos);
      }
      // Retired while we borrowed (see getConnectionSlowly): route again.
      returnQuietly(pooled, null);
    }
    return getConnectionSlowly(tenant, borrowedUnder, telemetry.nanoTimeOf(start));
  }

  /** The connection the application gets for {@code pooled}, its acquisition recorded. */
  private static Connection lent(TenantEntry entry, Connection pooled, String borrowedUnder, long now, long nanos) {
    try {
      entry.telemetry.acquired(nanos);
      entry.used();
      return new TenantConnection(pooled, entry, borrowedUnder, now);
    } catch (RuntimeException | Error e) {
      // Our own bookkeeping failed (a listener, a meter registry, an incompatible library
      // version): the caller gets the exception, and the pool gets its connection back.
      returnQuietly(pooled, e);
      throw e;
    }
  }

  /** As {@link #lent}, with the success recorded by the breaker first. */
  private static Connection recorded(TenantEntry entry, Connection pooled, String borrowedUnder, long now, long nanos) {
    try {
      entry.breaker.onSuccess(nanos);
    } catch (RuntimeException | Error e) {
      returnQuietly(pooled, e);
      throw e;
    }
    return lent(entry, pooled, borrowedUnder, now, nanos);
  }

  /**
   * Everything the fast path leaves: creating or joining the creation of a tenant's pool, waiting
   * out a pause, asking the breaker, waiting for a connection in slices, routing again when the
   * pool was retired under the call. One deadline for the whole call, from {@code startNanos}:
   * joining a pool's creation, waiting out a pause and the borrow share the tenant's
   * connectionTimeout rather than getting one each.
   */
  private Connection getConnectionSlowly(String tenant, String borrowedUnder, long start) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      TenantEntry entry = entries.get(tenant);
      if (entry == null) {
        if (anyPaused) {
          // Paused before it has a pool: wait here, so maintenance never sees a new connection.
          awaitResume(tenant, null, start);
        }
        try {
          // A tenant whose creations opened its circuit is refused before anything is resolved,
          // parsed or allocated for a creation that would be refused anyway.
          TenantState known = states.get(tenant);
          if (known != null) {
            known.breaker.refuseWhileOpen();
          }
          entry = createOrJoin(tenant, start);
        } catch (SQLException e) {
          creationFailed(tenant, e, System.nanoTime() - start);
          throw e;
        }
      }
      if (anyPaused) {
        awaitResume(tenant, entry.telemetry, start);
      }
      try {
        entry.breaker.acquirePermission();
      } catch (CircuitOpenException e) {
        entry.telemetry.circuitRejected();
        entry.telemetry.acquireFailed(AcquireOutcome.REJECTED, System.nanoTime() - start);
        throw e;
      }
      Connection pooled;
      try {
        pooled = entry.pool().borrow(start);
      } catch (SQLException e) {
        long elapsed = System.nanoTime() - start;
        // The pool was retired between lookup and borrow: route again to its successor.
        if ((entry.retiring || entry.pool().isClosed()) && attempt < MAX_REROUTES) {
          entry.breaker.onBorrowFailure(elapsed, e, false);
          entries.remove(tenant, entry);
          continue;
        }
        entry.state.failed(e);
        entry.breaker.onBorrowFailure(elapsed, e, saysDatabaseFailed(e));
        entry.telemetry.acquireFailed(
            TenantPoolSqlState.POOL_TIMEOUT.code().equals(e.getSQLState()) ? AcquireOutcome.TIMEOUT : AcquireOutcome.ERROR,
            elapsed);
        throw e;
      }
      if (entry.retiring && attempt < MAX_REROUTES) {
        // Retired while we borrowed: its closing would abort this connection under the caller.
        // retire() marks the entry before it reads the pool's active count, and the borrow made
        // this connection active before this read, so one of the two sees the other.
        returnQuietly(pooled, null);
        entry.breaker.permissionUnused();
        continue;
      }
      return recorded(entry, pooled, borrowedUnder, entry.telemetry.now(), System.nanoTime() - start);
    }
  }

  private static void returnQuietly(Connection pooled, Throwable failure) {
    try {
      pooled.close();
    } catch (SQLException | RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Records a {@code getConnection} that found no pool and got none, for a tenant the router
   * remembers (an invalid tenant id, or one past MAX_STATES_WITHOUT_POOL, gets no series).
   */
  private void creationFailed(String tenant, SQLException failure, long nanos) {
    TenantState state = states.get(tenant);
    TenantTelemetry telemetry = state == null ? null : state.telemetry;
    if (telemetry == null) {
      return;
    }
    AcquireOutcome outcome;
    if (failure instanceof CircuitOpenException) {
      telemetry.circuitRejected();
      outcome = AcquireOutcome.REJECTED;
    } else if (TenantPoolSqlState.POOL_TIMEOUT.code().equals(failure.getSQLState())) {
      outcome = AcquireOutcome.TIMEOUT;
    } else {
      outcome = AcquireOutcome.ERROR;
    }
    telemetry.acquireFailed(outcome, nanos);
  }

  private TenantEntry createOrJoin(String tenant, long start) throws SQLException {
    checkOpen();
    validateTenant(tenant);
    CompletableFuture<TenantEntry> mine = new CompletableFuture<>();
    CompletableFuture<TenantEntry> running = creating.putIfAbsent(tenant, mine);
    if (running != null) {
      return join(tenant, running, start);
    }
    try {
      // Another creator may have published between our lookup and putIfAbsent.
      TenantEntry entry = entries.get(tenant);
      if (entry == null) {
        entry = create(tenant, start);
        entries.put(tenant, entry);
        if (settings.maxPools() > 0 && entries.size() > settings.maxPools()) {
          lifecycle.execute(this::enforceMaxPools);
        }
        if (closed) {
          // close() ran while we were creating; it may have missed this entry.
          entries.remove(tenant, entry);
          entry.retiring = true;
          closeEntry(entry, System.nanoTime(), null);
          throw closedException();
        }
      }
      mine.complete(entry);
      return entry;
    } catch (SQLException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      creating.remove(tenant, mine);
    }
  }

  private TenantState stateFor(String tenant, TenantTarget target, String server) {
    TenantState state = states.get(tenant);
    if (state != null) {
      return state;
    }
    TenantState created = new TenantState(tenant,
        new TenantBreaker(tenant, target.breaker(), settings.traceEveryRefusal(), this::onTransition), target, server);
    if (states.size() - entries.size() >= MAX_STATES_WITHOUT_POOL) {
      return created; // not remembered, and without meters until it has a pool: see MAX_STATES_WITHOUT_POOL
    }
    TenantState raced = states.putIfAbsent(tenant, created);
    if (raced != null) {
      return raced;
    }
    // Creation is single-flight per tenant, so nobody reports through this state before this line.
    created.telemetry = observability.forTenant(tenant, target.tier(), created, target.url());
    return created;
  }

  private TenantEntry create(String tenant, long callStart) throws SQLException {
    // Before any state is kept: a tenant the catalog refuses (TP008) or cannot describe (22023)
    // leaves nothing behind and does not count against a breaker.
    TenantTarget target = resolver.resolve(tenant);
    String url = target.url();
    String server = TargetAddress.parse(url).serverKey();
    TenantState state = stateFor(tenant, target, server);
    // A tenant whose creations keep failing fails fast too, without a connection attempt.
    state.breaker.acquirePermission();
    long start = System.nanoTime();
    TenantPool pool;
    try {
      pool = TenantPool.open(tenant, settings.name() + "-" + tenant, url, target.properties(), target.pool(), scheduler,
          helperThreads, server, budgetFor(server), callStart);
    } catch (SQLException e) {
      SQLException failure = creationFailed(tenant, e);
      state.failed(failure);
      state.breaker.onBorrowFailure(System.nanoTime() - start, failure, saysDatabaseFailed(failure));
      throw failure;
    } catch (RuntimeException e) {
      SQLException failure = TenantPoolSqlState.CONNECTION_FAILED.exception(
          "could not create the pool of tenant " + tenant + ": " + e.getMessage(), e);
      state.failed(failure);
      state.breaker.onBorrowFailure(System.nanoTime() - start, failure, true);
      throw failure;
    }
    long created = System.nanoTime() - start;
    try {
      // The permission taken above stands for the first connection, which succeeded.
      state.breaker.onSuccess(created);
      state.pool = pool;
      if (state.telemetry == null) {
        state.telemetry = observability.forTenant(tenant, target.tier(), state, url);
      }
      TenantEntry entry = new TenantEntry(tenant, pool, settings.tenantGuard(), state, server, state.telemetry);
      entry.target = target;
      entry.telemetry.poolCreated(created);
      POOL_LOG.debug("created the pool of tenant {} in {} ms", tenant, TimeUnit.NANOSECONDS.toMillis(created));
      return entry;
    } catch (RuntimeException | Error e) {
      // Nothing references the pool yet: close it, and its first connection (and budget permit) with it.
      state.pool = null;
      pool.close(System.nanoTime());
      throw e;
    }
  }

  /**
   * Whether a failure to get a connection says the tenant's database is unhealthy: a timeout says
   * so itself ({@link PoolTimeoutException}), anything else is judged by its SQLState.
   */
  private static boolean saysDatabaseFailed(SQLException failure) {
    return failure instanceof PoolTimeoutException
        ? ((PoolTimeoutException) failure).databaseFailed()
        : FailureClassifier.isConnectFailure(failure);
  }

  /** Keeps the target's SQLState (3D000, 28P01, ...) so applications can still tell failures apart. */
  private static SQLException creationFailed(String tenant, SQLException cause) {
    if (cause instanceof PoolTimeoutException) {
      return cause; // names the tenant, and says whether the database is to blame
    }
    if (TenantPoolSqlState.CONNECTION_FAILED.code().equals(cause.getSQLState())
        && cause.getMessage() != null && cause.getMessage().contains("tenant " + tenant)) {
      return cause;
    }
    String state = cause.getSQLState() != null ? cause.getSQLState() : TenantPoolSqlState.CONNECTION_FAILED.code();
    return new SQLException(
        "could not open the first connection of tenant " + tenant + ": " + cause.getMessage(), state, cause);
  }

  private TenantEntry join(String tenant, CompletableFuture<TenantEntry> running, long start) throws SQLException {
    long waitMs = settings.pool().connectionTimeoutMs();
    try {
      return running.get(Math.max(0, TimeUnit.MILLISECONDS.toNanos(waitMs) - (System.nanoTime() - start)),
          TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CircuitOpenException) {
        CircuitOpenException open = (CircuitOpenException) cause;
        throw new CircuitOpenException(open.getMessage(), open.tenant(), open.nextProbeAt(), open);
      }
      if (cause instanceof SQLException) {
        SQLException failure = (SQLException) cause;
        // A fresh exception per waiter, so each caller's stack trace is its own.
        throw new SQLException(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
      }
      throw TenantPoolSqlState.CONNECTION_FAILED.exception(
          "could not create the pool of tenant " + tenant + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw TenantPoolSqlState.POOL_TIMEOUT.exception(
          "the pool of tenant " + tenant + " was still being created after " + waitMs
              + " ms (tenantpool.connectionTimeout)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TenantPoolSqlState.POOL_TIMEOUT.exception(
          "interrupted while the pool of tenant " + tenant + " was being created", e);
    }
  }

  private void validateTenant(String tenant) throws SQLException {
    settings.tenantIds().check(tenant, "tenant id");
  }

  private void onTransition(String tenant, CircuitState from, CircuitState to) {
    TenantState state = states.get(tenant);
    TenantState.Failure last = state == null ? null : state.lastFailure();
    CIRCUIT_LOG.warn("circuit of tenant {}: {} -> {}{}", tenant, from, to,
        last == null || to != CircuitState.OPEN ? "" : "; last failure: " + last.message());
    TenantEntry entry = entries.get(tenant);
    // A tenant without a pool (its creation failed) counts its transitions through its state.
    TenantState reporting = entry != null ? entry.state : state;
    if (reporting != null && reporting.telemetry != null) {
      reporting.telemetry.transition(from, to);
    }
    if (entry != null) {
      if (to == CircuitState.OPEN) {
        // Connections that sat idle through the outage may point at dead sockets: drop them now
        // so the first calls after recovery get fresh ones.
        entry.pool().softEvict();
      } else if (to == CircuitState.CLOSED) {
        entry.pool().databaseAnswered();
      }
    }
    if (to == CircuitState.OPEN && reporting != null) {
      prober.watch(reporting);
    }
    for (TenantPoolListener listener : listeners) {
      try {
        listener.onCircuitTransition(tenant, from, to);
      } catch (RuntimeException e) {
        CIRCUIT_LOG.warn("a TenantPoolListener failed on the transition of tenant {}", tenant, e);
      }
    }
  }

  // ---- connection budget, idle pools, maxPools ----

  private ConnectionBudget budgetFor(String server) {
    int max = settings.maxTotalConnections();
    if (max <= 0 && cluster == null) {
      return null;
    }
    ConnectionBudget budget = budgets.get(server);
    if (budget == null) {
      // With a cluster budget the server's budget is this instance's share, kept by ClusterShares
      // (the same object again after forgetUnusedBudgets dropped it here).
      ConnectionBudget created = cluster != null
          ? cluster.budgetFor(server, this::reclaimOne, () -> demandOn(server))
          : new ConnectionBudget(server, max, this::reclaimOne, scheduler);
      budget = budgets.putIfAbsent(server, created);
      if (budget == null) {
        budget = created;
        observability.budget(server, created::used, created::max, cluster != null);
      }
    }
    return budget;
  }

  /** Connections lent, plus callers waiting, across the pools on {@code server}: its demand for the cluster budget. */
  private int demandOn(String server) {
    int demand = 0;
    for (TenantEntry entry : entries.values()) {
      if (entry.server.equals(server)) {
        demand += entry.pool().activeConnections() + entry.pool().pendingThreads();
      }
    }
    return demand;
  }

  /** The per-server budgets in use (empty without {@code tenantpool.maxTotalConnections}). */
  public List<ConnectionBudget> budgets() {
    return new ArrayList<>(budgets.values());
  }

  /**
   * Closes one idle connection of the least recently used pool on {@code server} other than
   * {@code waitingTenant}'s, preferring pools with nothing leased: exactly what one waiter needs,
   * no more (closing a whole pool's idle connections for one permit made every other tenant pay).
   */
  private boolean reclaimOne(String server, String waitingTenant) {
    TenantEntry victim = null;
    for (TenantEntry entry : entries.values()) {
      // Never a pool with waiters: its "idle" connection may be the one HikariCP just created for
      // a waiter and is handing over; evicting it would leave that waiter with nothing until timeout.
      if (entry.server.equals(server) && !entry.tenant().equals(waitingTenant) && entry.pool().idleConnections() > 0
          && entry.pool().pendingThreads() == 0) {
        if (victim == null || better(entry, victim)) {
          victim = entry;
        }
      }
    }
    if (victim == null) {
      return false;
    }
    String previous = mdcTenant(victim.tenant());
    try {
      POOL_LOG.debug("reclaiming an idle connection of tenant {} for tenant {} (budget of {} spent)",
          victim.tenant(), waitingTenant, server);
      return victim.pool().closeOneIdle();
    } finally {
      restoreMdcTenant(previous);
    }
  }

  private static boolean better(TenantEntry candidate, TenantEntry current) {
    boolean candidateUnused = candidate.pool().activeConnections() == 0;
    boolean currentUnused = current.pool().activeConnections() == 0;
    if (candidateUnused != currentUnused) {
      return candidateUnused;
    }
    return candidate.lastUsedMillis - current.lastUsedMillis < 0;
  }

  private void sweepIdlePools() {
    long now = CoarseClock.millis();
    long idleMillis = settings.poolIdleTimeoutMs();
    Set<String> serversInUse = new java.util.HashSet<>();
    for (TenantEntry entry : entries.values()) {
      if (now - entry.lastUsedMillis > idleMillis && entry.pool().activeConnections() == 0
          && entry.pool().pendingThreads() == 0) {
        evictEntry(entry, "idle");
      } else {
        serversInUse.add(entry.server);
      }
    }
    forgetUnusedBudgets(serversInUse);
  }

  /**
   * Drops the budgets (and their gauges) of servers no pool uses any more and on which nothing
   * is open: with {@code {tenant}} in the host every tenant has a server of its own, and its
   * budget would otherwise outlive its pool for good.
   */
  private void forgetUnusedBudgets(Set<String> serversInUse) {
    for (TenantEntry entry : draining) {
      serversInUse.add(entry.server);
    }
    for (ConnectionBudget budget : budgets.values()) {
      if (!serversInUse.contains(budget.server()) && budget.unused() && budgets.remove(budget.server(), budget)) {
        observability.budgetGone(budget.server());
      }
    }
  }

  /** Closes least recently used pools with nothing leased until at most maxPools remain. */
  private void enforceMaxPools() {
    while (entries.size() > settings.maxPools()) {
      TenantEntry oldest = null;
      for (TenantEntry entry : entries.values()) {
        if (entry.pool().activeConnections() == 0 && entry.pool().pendingThreads() == 0
            && (oldest == null || entry.lastUsedMillis - oldest.lastUsedMillis < 0)) {
          oldest = entry;
        }
      }
      if (oldest == null || !evictEntry(oldest, "maxPools")) {
        return; // every pool has leased connections: never close those
      }
    }
  }

  /**
   * Removes {@code entry} and retires its pool: it lends no more, and closes once its leased
   * connections are back (checked on the shared scheduler, closed on the lifecycle executor,
   * never blocking the scheduler), or at the shutdown timeout.
   */
  private boolean evictEntry(TenantEntry entry, String reason) {
    if (!entries.remove(entry.tenant(), entry)) {
      return false;
    }
    retire(entry, reason);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs());
    draining.add(entry);
    closeWhenReturned(entry, deadline, reason);
    return true;
  }

  /**
   * Marks a pool that left the map as retiring, so that a borrow racing with its closing routes to
   * its successor instead of getting a connection about to be aborted; and forgets the tenant's
   * state, unless its breaker is failing: a tenant whose circuit is open looks idle (nothing
   * succeeds), and forgetting it would give its next caller a fresh closed breaker and real
   * connection attempts against a database known to be down.
   */
  private void retire(TenantEntry entry, String reason) {
    entry.retiring = true; // before the pool's active count is read (see getConnection)
    if (!entry.breaker.isFailing()) {
      states.remove(entry.tenant(), entry.state);
    }
    String previous = mdcTenant(entry.tenant());
    try {
      POOL_LOG.info("closing the pool of tenant {} ({})", entry.tenant(), reason);
    } finally {
      restoreMdcTenant(previous);
    }
  }

  private void closeWhenReturned(TenantEntry entry, long deadline, String reason) {
    if (entry.pool().activeConnections() == 0 || System.nanoTime() - deadline >= 0 || closed) {
      // Whoever removes it from draining closes it: this check, or close() of the router.
      if (draining.remove(entry)) {
        lifecycle.execute(() -> closeEntry(entry, System.nanoTime(), reason));
      }
    } else {
      Runnable recheck = () -> closeWhenReturned(entry, deadline, reason);
      scheduler.schedule(recheck, 100, TimeUnit.MILLISECONDS);
    }
  }

  // ---- pause / resume ----

  /** New borrows of {@code tenant} wait (up to connectionTimeout, then TP005); leased connections carry on. */
  public void pause(String tenant) throws SQLException {
    validateTenant(tenant);
    synchronized (pauseLock) {
      paused.putIfAbsent(tenant, new CountDownLatch(1));
      anyPaused = true;
    }
    CIRCUIT_LOG.info("tenant {} paused", tenant);
  }

  /** Lets {@code tenant}'s waiting and future borrows proceed. */
  public void resume(String tenant) {
    CountDownLatch latch;
    // Without the lock, resume(B) could read "nothing paused" just before pause(A) adds A, then
    // write anyPaused=false after pause(A) wrote true: A would be paused but never waited for.
    synchronized (pauseLock) {
      latch = paused.remove(tenant);
      anyPaused = !paused.isEmpty();
    }
    if (latch != null) {
      latch.countDown();
      CIRCUIT_LOG.info("tenant {} resumed", tenant);
    }
  }

  /** Whether {@code tenant} is paused. */
  public boolean isPaused(String tenant) {
    return paused.containsKey(tenant);
  }

  private void awaitResume(String tenant, TenantTelemetry telemetry, long start) throws SQLException {
    CountDownLatch latch = paused.get(tenant);
    if (latch == null) {
      return;
    }
    long remaining = TimeUnit.MILLISECONDS.toNanos(settings.pool().connectionTimeoutMs()) - (System.nanoTime() - start);
    try {
      if (remaining > 0 && latch.await(remaining, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (telemetry != null) {
      telemetry.acquireFailed(AcquireOutcome.REJECTED, System.nanoTime() - start);
    }
    throw TenantPoolSqlState.TENANT_PAUSED.exception(
        "tenant " + tenant + " is paused and was not resumed within " + settings.pool().connectionTimeoutMs()
            + " ms (tenantpool.connectionTimeout); call resume(\"" + tenant + "\") when maintenance is over");
  }

  // ---- inspection ----

  private void checkOpen() throws SQLException {
    if (closed) {
      throw closedException();
    }
  }

  private SQLException closedException() {
    return TenantPoolSqlState.CLOSED.exception(
        "the tenant router " + settings.name() + " is closed; create a new data source");
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

  /** The breaker state of {@code tenant} ({@link CircuitState#CLOSED} for a tenant never seen). */
  public CircuitState circuitState(String tenant) {
    TenantState state = states.get(tenant);
    if (state != null) {
      return state.breaker.state();
    }
    return settings.breaker().enabled() ? CircuitState.CLOSED : CircuitState.DISABLED;
  }

  /** The health of every tenant that has a pool, without probing. */
  public List<TenantHealth> health() {
    List<TenantHealth> all = new ArrayList<>();
    for (String tenant : tenants()) {
      TenantEntry entry = entries.get(tenant);
      if (entry != null) {
        all.add(health(tenant, entry, null, 0));
      }
    }
    return all;
  }

  /**
   * The health of {@code tenant}, with a validation probe: a connection is borrowed from its pool
   * (created if needed; bypassing the breaker, so an open circuit can be checked) and validated.
   */
  public TenantHealth health(String tenant) throws SQLException {
    validateTenant(tenant);
    long start = System.nanoTime();
    boolean ok;
    TenantEntry entry = entries.get(tenant);
    try {
      if (entry == null) {
        entry = createOrJoin(tenant, start);
      }
      try (Connection probe = entry.pool().borrow(start)) {
        ok = probe.isValid((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(settings.pool().validationTimeoutMs())));
      }
    } catch (SQLException e) {
      ok = false;
      TenantState state = states.get(tenant);
      if (state != null) {
        state.failed(e);
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (entry == null) {
      TenantState state = states.get(tenant);
      TenantState.Failure last = state == null ? null : state.lastFailure();
      return new TenantHealth(tenant, 0, 0, 0, 0, circuitState(tenant), isPaused(tenant),
          last == null ? null : last.message(), last == null ? null : last.at(), ok, millis);
    }
    return health(tenant, entry, ok, millis);
  }

  private TenantHealth health(String tenant, TenantEntry entry, Boolean probeOk, long probeMillis) {
    TenantPool pool = entry.pool();
    TenantState.Failure last = entry.state.lastFailure();
    Instant at = last == null ? null : last.at();
    return new TenantHealth(tenant, pool.activeConnections(), pool.idleConnections(), pool.pendingThreads(),
        pool.totalConnections(), entry.breaker.state(), isPaused(tenant), last == null ? null : last.message(), at,
        probeOk, probeMillis);
  }

  // ---- tenant catalog changes ----

  /**
   * Resolves {@code tenant} again because its catalog entry (or its tier) changed; called on the
   * catalog's refresh thread. A new password reaches the existing pool's new physical
   * connections, and its pooled ones are soft-evicted (idle ones closed now, leased ones when
   * returned). A new URL, login, tier or pool setting, or the tenant's removal from the catalog,
   * retires the pool: it lends no more, and closes once its leased connections are back (at most
   * the shutdown timeout later); the next call builds a pool from the new entry. An entry that
   * became malformed leaves a working pool as it is, with a warning: a typo in the catalog does
   * not take a live tenant down (a pool created later fails with the entry's 22023).
   */
  public void targetChanged(String tenant) {
    TenantEntry entry = entries.get(tenant);
    if (entry == null) {
      if (creating.containsKey(tenant)) {
        // A pool is being built from the entry as it was: look again once it is published.
        try {
          scheduler.schedule(() -> {
            String previous = mdcTenant(tenant);
            try {
              targetChanged(tenant);
            } finally {
              restoreMdcTenant(previous);
            }
          }, 100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // The router is closing.
        }
      } else {
        // An entry that was fixed deserves a fresh breaker; the old one's series go with it, or
        // its stale circuit state (open, say) would stay in the tenant's gauge beside the new one.
        TenantState forgotten = states.remove(tenant);
        if (forgotten != null && forgotten.telemetry != null) {
          forgotten.telemetry.close(null);
        }
      }
      return;
    }
    TenantTarget next;
    try {
      next = resolver.resolve(tenant);
    } catch (SQLException e) {
      if (TenantPoolSqlState.UNKNOWN_TENANT.code().equals(e.getSQLState())) {
        POOL_LOG.info("tenant {} is no longer in the catalog; retiring its pool", tenant);
        evictEntry(entry, "catalog");
      } else {
        POOL_LOG.warn("the changed catalog entry of tenant {} cannot be used; its pool keeps its settings: {}",
            tenant, e.getMessage());
      }
      return;
    }
    TenantTarget current = entry.target;
    if (!next.samePool(current)) {
      POOL_LOG.info("the catalog entry of tenant {} changed; retiring its pool for one with the new settings", tenant);
      evictEntry(entry, "catalog");
    } else if (!next.properties().equals(current.properties())) {
      POOL_LOG.info("the credentials of tenant {} changed; replacing its pooled connections", tenant);
      entry.target = next;
      entry.pool().rotate(next.properties());
    }
  }

  // ---- eviction and shutdown ----

  /**
   * Closes {@code tenant}'s pool now (leased connections are given up to the shutdown timeout to
   * come back); the next call for the tenant creates a new pool. Returns false if it had none.
   */
  public boolean evict(String tenant) {
    TenantEntry entry = entries.remove(tenant);
    if (entry == null) {
      return false;
    }
    retire(entry, "explicit");
    closeEntry(entry, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs()), "explicit");
    return true;
  }

  /**
   * Closes a retired entry's pool (waiting for leased connections until {@code deadline}) and,
   * unless the tenant's state is still remembered (a failing breaker outlives its pool), its
   * meters.
   */
  private void closeEntry(TenantEntry entry, long deadline, String evictionReason) {
    String previous = mdcTenant(entry.tenant());
    try {
      entry.pool().close(deadline);
    } finally {
      if (states.get(entry.tenant()) == entry.state) {
        entry.state.poolClosed(entry.pool());
        if (evictionReason != null) {
          entry.telemetry.evicted(evictionReason);
        }
      } else {
        entry.telemetry.close(evictionReason);
      }
      restoreMdcTenant(previous);
    }
  }

  /**
   * Names {@code tenant} in the MDC while TenantPool works for it, and returns the value to put
   * back: this may run on an application thread whose own MDC says another tenant, or on a pool
   * thread that carries its tenant for its whole life, and neither may lose its value.
   */
  private static String mdcTenant(String tenant) {
    String previous = MDC.get(PoolThreads.MDC_TENANT);
    MDC.put(PoolThreads.MDC_TENANT, tenant);
    return previous;
  }

  private static void restoreMdcTenant(String previous) {
    if (previous == null) {
      MDC.remove(PoolThreads.MDC_TENANT);
    } else {
      MDC.put(PoolThreads.MDC_TENANT, previous);
    }
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
    closed = true;
    if (idleSweep != null) {
      idleSweep.cancel(false);
    }
    prober.stop();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs());
    List<TenantEntry> closing = new ArrayList<>(entries.values());
    List<TenantState> forgotten = new ArrayList<>(states.values());
    entries.clear();
    states.clear();
    for (CountDownLatch latch : paused.values()) {
      latch.countDown();
    }
    paused.clear();
    for (TenantEntry entry : closing) {
      entry.retiring = true;
      closeEntry(entry, deadline, null);
    }
    for (TenantEntry entry : new ArrayList<>(draining)) {
      if (draining.remove(entry)) {
        closeEntry(entry, deadline, null);
      }
    }
    // Tenants that never got a pool still have meters (their circuit, their failed acquisitions).
    for (TenantState state : forgotten) {
      TenantTelemetry telemetry = state.telemetry;
      if (telemetry != null) {
        telemetry.close(null);
      }
    }
    if (cluster != null) {
      cluster.close(); // after the pools: it gives up the shares their closed connections held
    }
    resolver.close();
    observability.close();
    PoolThreads.release();
  }

  @Override
  public String toString() {
    return "TenantRouter[" + settings.name() + ", url=" + settings.targetUrl() + ", pools=" + entries.size()
        + (closed ? ", closed" : "") + "]";
  }
}
