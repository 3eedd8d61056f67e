package dev.tenantpool.router;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.observe.Observability;
import dev.tenantpool.pool.PoolTimeoutException;
import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.resilience.FailureClassifier;
import dev.tenantpool.resilience.TenantBreaker;
import dev.tenantpool.url.TargetAddress;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a tenant's pool on first use, single-flight: the first caller for a new tenant creates
 * it <em>outside</em> any map lock while later callers for that tenant wait on its future, so a
 * slow tenant never blocks the map for others (the AWS wrapper's {@code computeIfAbsent} lesson).
 * A failed creation is handed to the callers that waited for it and then forgotten, so the next
 * call tries again, unless the tenant's breaker has opened. Adds entries and states to the
 * router's table.
 */
final class PoolCreation {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.pool");
  // Breakers of tenants that have no pool (their creation failed) are kept up to this many, so a
  // flood of ids whose databases do not exist cannot grow the map without bound.
  private static final int MAX_STATES_WITHOUT_POOL = 1_000;

  private final RouterSettings settings;
  private final TenantTable table;
  private final TenantResolver resolver;
  private final Observability observability;
  private final ServerBudgets budgets;
  private final PoolRetirement retirement;
  private final TenantBreaker.TransitionListener transitions;
  private final ScheduledExecutorService scheduler;
  private final ThreadFactory helperThreads;

  PoolCreation(RouterSettings settings, TenantTable table, TenantResolver resolver, Observability observability,
      ServerBudgets budgets, PoolRetirement retirement, TenantBreaker.TransitionListener transitions,
      ScheduledExecutorService scheduler, ThreadFactory helperThreads) {
    this.settings = settings;
    this.table = table;
    this.resolver = resolver;
    this.observability = observability;
    this.budgets = budgets;
    this.retirement = retirement;
    this.transitions = transitions;
    this.scheduler = scheduler;
    this.helperThreads = helperThreads;
  }

  /** Checks {@code tenant} against tenantpool.tenantPattern and reservedTenants (TP002). */
  void validate(String tenant) throws SQLException {
    settings.tenantIds().check(tenant, "tenant id");
  }

  /**
   * The entry of {@code tenant}, creating its pool or joining the creation in flight, within what
   * is left of the call's connectionTimeout counted from {@code start}.
   */
  TenantEntry createOrJoin(String tenant, long start) throws SQLException {
    table.checkOpen();
    validate(tenant);
    CompletableFuture<TenantEntry> mine = new CompletableFuture<>();
    CompletableFuture<TenantEntry> running = table.creating.putIfAbsent(tenant, mine);
    if (running != null) {
      return join(tenant, running, start);
    }
    try {
      // Another creator may have published between our lookup and putIfAbsent.
      TenantEntry entry = table.entries.get(tenant);
      if (entry == null) {
        entry = create(tenant, start);
        table.entries.put(tenant, entry);
        retirement.poolAdded();
        if (table.closed()) {
          // The router closed while we were creating; its closeAll may have missed this entry.
          table.entries.remove(tenant, entry);
          entry.retiring = true;
          retirement.closeRetired(entry, System.nanoTime(), null);
          throw table.closedException();
        }
      }
      mine.complete(entry);
      return entry;
    } catch (SQLException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      table.creating.remove(tenant, mine);
    }
  }

  private TenantState stateFor(String tenant, TenantTarget target, String server) {
    TenantState state = table.states.get(tenant);
    if (state != null) {
      return state;
    }
    TenantState created = new TenantState(tenant,
        new TenantBreaker(tenant, target.breaker(), settings.traceEveryRefusal(), transitions), target, server);
    if (table.states.size() - table.entries.size() >= MAX_STATES_WITHOUT_POOL) {
      return created; // not remembered, and without meters until it has a pool: see MAX_STATES_WITHOUT_POOL
    }
    TenantState raced = table.states.putIfAbsent(tenant, created);
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
          helperThreads, server, budgets.attach(server), callStart);
    } catch (SQLException e) {
      SQLException failure = firstConnectionFailure(tenant, e);
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
      LOG.debug("created the pool of tenant {} in {} ms", tenant, TimeUnit.NANOSECONDS.toMillis(created));
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
  static boolean saysDatabaseFailed(SQLException failure) {
    return failure instanceof PoolTimeoutException
        ? ((PoolTimeoutException) failure).databaseFailed()
        : FailureClassifier.isConnectFailure(failure);
  }

  /**
   * The exception for a first connection that failed: it names the tenant and keeps the target's
   * SQLState (3D000, 28P01, ...) so applications can still tell failures apart.
   */
  private static SQLException firstConnectionFailure(String tenant, SQLException cause) {
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
}
