package dev.tenantpool.router;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.pool.PoolThreads;
import dev.tenantpool.pool.TenantPool;
import dev.tenantpool.proxy.TenantConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routes a tenant to its pool, creating the pool on first use.
 *
 * <p>The hot path is one {@link ConcurrentHashMap#get} and a borrow: no lock, no formatting.
 * Creation is single-flight: the first caller for a new tenant creates the pool <em>outside</em>
 * any map lock while later callers for that tenant wait on its future, so a slow tenant never
 * blocks the map for others (the AWS wrapper's {@code computeIfAbsent} lesson). A failed creation
 * is handed to the callers that waited for it and then forgotten, so the next call tries again.
 */
public final class TenantRouter implements AutoCloseable {
  private static final int MAX_TENANT_IN_MESSAGE = 80;

  private final RouterSettings settings;
  private final ConcurrentHashMap<String, TenantEntry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<TenantEntry>> creating = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  /** A router with no pools yet; it holds the shared pool threads until {@link #close()}. */
  public TenantRouter(RouterSettings settings) {
    this.settings = settings;
    this.scheduler = PoolThreads.acquire();
  }

  /** The settings this router was built with. */
  public RouterSettings settings() {
    return settings;
  }

  /**
   * A connection of {@code tenant}'s pool, wrapped for the application.
   *
   * @throws SQLException TP002 for an invalid tenant id, TP006 on timeout, TP007 once closed, or
   *     the target driver's own error when the tenant's database refuses the first connection
   */
  public Connection getConnection(String tenant) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      TenantEntry entry = entries.get(tenant);
      if (entry == null) {
        entry = createOrJoin(tenant);
      }
      Connection pooled;
      try {
        pooled = entry.pool().borrow();
      } catch (SQLException e) {
        // The pool was evicted between lookup and borrow: route again to its successor, once.
        if (entry.pool().isClosed() && attempt == 0) {
          entries.remove(tenant, entry);
          continue;
        }
        throw e;
      }
      return new TenantConnection(pooled, entry, System.nanoTime());
    }
  }

  private TenantEntry createOrJoin(String tenant) throws SQLException {
    checkOpen();
    validateTenant(tenant);
    CompletableFuture<TenantEntry> mine = new CompletableFuture<>();
    CompletableFuture<TenantEntry> running = creating.putIfAbsent(tenant, mine);
    if (running != null) {
      return join(tenant, running);
    }
    try {
      // Another creator may have published between our lookup and putIfAbsent.
      TenantEntry entry = entries.get(tenant);
      if (entry == null) {
        entry = create(tenant);
        entries.put(tenant, entry);
        if (closed) {
          // close() ran while we were creating; it may have missed this entry.
          entries.remove(tenant, entry);
          entry.pool().close(System.nanoTime());
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

  private TenantEntry create(String tenant) throws SQLException {
    String url = settings.targetUrl().render(tenant);
    Properties properties = renderProperties(tenant);
    TenantPool pool;
    try {
      pool = TenantPool.open(tenant, settings.name() + "-" + tenant, url, properties, settings.pool(), scheduler);
    } catch (SQLException e) {
      throw creationFailed(tenant, e);
    } catch (RuntimeException e) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception(
          "could not create the pool of tenant " + tenant + ": " + e.getMessage(), e);
    }
    return new TenantEntry(tenant, pool, settings.tenantGuard());
  }

  private Properties renderProperties(String tenant) {
    Properties rendered = new Properties();
    for (String key : settings.targetProperties().stringPropertyNames()) {
      String value = settings.targetProperties().getProperty(key);
      rendered.setProperty(key, value.replace(dev.tenantpool.url.TenantTemplate.PLACEHOLDER, tenant));
    }
    return rendered;
  }

  /** Keeps the target's SQLState (3D000, 28P01, ...) so applications can still tell failures apart. */
  private static SQLException creationFailed(String tenant, SQLException cause) {
    if (TenantPoolSqlState.CONNECTION_FAILED.code().equals(cause.getSQLState())
        && cause.getMessage() != null && cause.getMessage().contains("tenant " + tenant)) {
      return cause;
    }
    String state = cause.getSQLState() != null ? cause.getSQLState() : TenantPoolSqlState.CONNECTION_FAILED.code();
    return new SQLException(
        "could not open the first connection of tenant " + tenant + ": " + cause.getMessage(), state, cause);
  }

  private TenantEntry join(String tenant, CompletableFuture<TenantEntry> running) throws SQLException {
    long waitMs = settings.pool().connectionTimeoutMs();
    try {
      return running.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
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
    if (tenant == null || !settings.tenantPattern().matcher(tenant).matches()) {
      throw TenantPoolSqlState.INVALID_TENANT.exception(
          "tenant id " + printable(tenant) + " does not match tenantpool.tenantPattern "
              + settings.tenantPattern().pattern()
              + "; use letters, digits, '_' and '-', or set tenantpool.tenantPattern");
    }
  }

  /** The id quoted, cut to a readable length and with control characters escaped. */
  static String printable(String tenant) {
    if (tenant == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int end = Math.min(tenant.length(), MAX_TENANT_IN_MESSAGE);
    for (int i = 0; i < end; i++) {
      char c = tenant.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (tenant.length() > end) {
      out.append("... (").append(tenant.length()).append(" characters)");
    }
    return out.toString();
  }

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

  /**
   * Closes {@code tenant}'s pool now (leased connections are given up to the shutdown timeout to
   * come back); the next call for the tenant creates a new pool. Returns false if it had none.
   */
  public boolean evict(String tenant) {
    TenantEntry entry = entries.remove(tenant);
    if (entry == null) {
      return false;
    }
    entry.pool().close(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs()));
    return true;
  }

  /**
   * Closes every pool, waiting up to the shutdown timeout (in all, not per pool) for leased
   * connections to come back. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.shutdownTimeoutMs());
    List<TenantEntry> closing = new ArrayList<>(entries.values());
    entries.clear();
    for (TenantEntry entry : closing) {
      entry.pool().close(deadline);
    }
    PoolThreads.release();
  }

  @Override
  public String toString() {
    return "TenantRouter[" + settings.name() + ", url=" + settings.targetUrl() + ", pools=" + entries.size()
        + (closed ? ", closed" : "") + "]";
  }
}
