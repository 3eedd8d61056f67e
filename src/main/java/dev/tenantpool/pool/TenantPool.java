package dev.tenantpool.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's HikariCP pool. Created by {@link #open}, which connects once before the pool
 * exists so that a failing tenant leaves nothing behind.
 */
public final class TenantPool {
  private final String tenant;
  private final HikariDataSource hikari;
  private final HikariPoolMXBean state;
  // The pool itself (what the MXBean is): its getConnection takes the caller's remaining time.
  private final HikariPool pool;
  private final PhysicalConnector connector;
  private final long connectionTimeoutMs;
  private final int maximumPoolSize;
  // A copy of whether the connector knows of a refusal, kept here so that the fast path's borrow
  // touches one object fewer. Written by the connector after each change; a copy left stale by two
  // changes racing is put right by the next slow-path borrow (which the stale value sends there)
  // or the next connection attempt.
  private volatile boolean refusalKnown;

  private TenantPool(String tenant, HikariDataSource hikari, PhysicalConnector connector, PoolSettings settings) {
    this.tenant = tenant;
    this.hikari = hikari;
    this.state = hikari.getHikariPoolMXBean();
    this.pool = (HikariPool) state;
    this.connector = connector;
    this.connectionTimeoutMs = settings.connectionTimeoutMs();
    this.maximumPoolSize = settings.maximumPoolSize();
    connector.reportRefusalsTo(this);
  }

  /**
   * Opens a pool for {@code tenant} whose connections go to {@code url} (placeholders already
   * substituted), charging each physical connection to {@code budget} (null: no cap). Throws the
   * target driver's exception, SQLState included, when the first connection fails; nothing is
   * kept in that case.
   *
   * @param budget attached for this pool ({@link ConnectionBudget#attach}); the pool detaches it
   *     when it closes, or at once when it could not be opened
   */
  public static TenantPool open(
      String tenant, String poolName, String url, Properties properties, PoolSettings settings,
      ScheduledExecutorService scheduler, ThreadFactory helperThreads, String server, ConnectionBudget budget,
      long callStartNanos) throws SQLException {
    boolean opened = false;
    try {
      TenantPool pool = openCharging(tenant, poolName, url, properties, settings, scheduler, helperThreads, server,
          budget, callStartNanos);
      opened = true;
      return pool;
    } finally {
      if (!opened && budget != null) {
        budget.detach();
      }
    }
  }

  private static TenantPool openCharging(
      String tenant, String poolName, String url, Properties properties, PoolSettings settings,
      ScheduledExecutorService scheduler, ThreadFactory helperThreads, String server, ConnectionBudget budget,
      long callStartNanos) throws SQLException {
    Driver driver = findDriver(url);
    // The budget wait ends a little before the borrower's, so that when it gives up its error
    // (which says the budget is spent) becomes the cause of the borrower's timeout.
    long budgetWaitMs = Math.max(100, settings.connectionTimeoutMs() * 9 / 10);
    PhysicalConnector connector = new PhysicalConnector(driver, url, properties, tenant, server, budget, budgetWaitMs,
        settings.connectionTimeoutMs());
    // The first connection gets what is left of the caller's connectionTimeout, not a fresh one.
    long remaining = remainingMs(settings.connectionTimeoutMs(), callStartNanos);
    if (remaining == 0) {
      throw new PoolTimeoutException("no time was left of the " + settings.connectionTimeoutMs()
          + " ms (tenantpool.connectionTimeout) of this call to open the first connection of tenant " + tenant
          + " (it waited for a pause to end)", null, false);
    }
    connector.openFirst(remaining);
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setDataSource(connector);
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setMinimumIdle(settings.minimumIdle());
    config.setConnectionTimeout(settings.connectionTimeoutMs());
    config.setIdleTimeout(settings.idleTimeoutMs());
    config.setMaxLifetime(settings.maxLifetimeMs());
    config.setLeakDetectionThreshold(settings.leakDetectionThresholdMs());
    config.setValidationTimeout(settings.validationTimeoutMs());
    // Idle connections of many tenants are closed after idleTimeout long before a keepalive
    // would fire; pinging them would only keep backends busy.
    config.setKeepaliveTime(0);
    // The first connection was already proven by openFirst(); HikariCP takes it on first borrow.
    config.setInitializationFailTimeout(-1);
    // The shared threads, seen through the tenant: HikariCP's background work logs with MDC tenant.
    TenantThreads threads = new TenantThreads(scheduler, helperThreads, tenant);
    config.setScheduledExecutor(threads);
    config.setThreadFactory(threads.threadFactory());
    HikariDataSource hikari;
    try {
      hikari = new HikariDataSource(config);
    } catch (RuntimeException e) {
      connector.discardFirst();
      throw e;
    }
    try {
      return new TenantPool(tenant, hikari, connector, settings);
    } catch (RuntimeException e) {
      hikari.close();
      connector.discardFirst();
      throw e;
    }
  }

  private static Driver findDriver(String url) throws SQLException {
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception(
          "no JDBC driver on the classpath accepts the target URL " + SafeText.url(url)
              + "; add the target database's driver (e.g. org.postgresql:postgresql) to the classpath",
          e);
    }
  }

  /** Copies the connector's knowledge of a refusal (see {@link #refusalKnown}). */
  void refusalChanged() {
    refusalKnown = connector.refusalKnown();
  }

  /** The tenant this pool serves. */
  public String tenant() {
    return tenant;
  }

  /**
   * The fast path's borrow: HikariCP's proxy when one comes within one wait slice, or null when
   * the router must take its slow path ({@link #borrow}): no connection came that soon, or the
   * database refused a connection lately (the slow path reports that at once rather than wait).
   * No clock read of its own, no idle-connection count (a scan of the pool).
   */
  public Connection tryBorrow() throws SQLException {
    if (refusalKnown) {
      return null;
    }
    try {
      return pool.getConnection(WAIT_SLICE_MS);
    } catch (SQLTransientConnectionException e) {
      return null;
    }
  }

  /**
   * Borrows a physical connection (HikariCP's proxy), waiting at most what is left of the pool's
   * connectionTimeout since {@code callStartNanos} (the start of the caller's getConnection, whose
   * other waits share the same deadline). A timeout becomes SQLState TP006 naming the tenant and
   * the pool's state; other failures keep the target driver's SQLState.
   */
  public Connection borrow(long callStartNanos) throws SQLException {
    refusalChanged();
    if (hikari.isClosed()) {
      throw closed();
    }
    long remaining = remainingMs(connectionTimeoutMs, callStartNanos);
    // A new physical connection is needed and the database refused one a moment ago: say so now.
    if (needsNewConnection()) {
      SQLException refused = connector.refusedSince(System.nanoTime() - REFUSAL_MEMORY_NANOS);
      if (refused != null) {
        throw refusal(refused);
      }
    }
    // Wait in short slices rather than all at once: a pool closed meanwhile (HikariCP would keep
    // the waiter until its timeout) and a refusal the pool's connection attempt meets (HikariCP
    // retries until the timeout) are both reported at once. A slice ends early whenever a
    // connection is lent, so a borrow that gets one at once pays nothing for this.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remaining);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return pool.getConnection(Math.max(0, Math.min(WAIT_SLICE_MS, left)));
      } catch (SQLTransientConnectionException e) {
        if (hikari.isClosed()) {
          throw closed();
        }
        SQLException refused = connector.refusedSince(callStartNanos);
        if (refused != null && needsNewConnection()) {
          throw refusal(refused);
        }
        if (deadline - System.nanoTime() <= 0) {
          throw timeout(e);
        }
      }
    }
  }

  private SQLException closed() {
    return TenantPoolSqlState.CLOSED.exception("the pool of tenant " + tenant + " is closed");
  }

  // A refusal is believed for this long: callers in that time fail at once, the first after it
  // waits for a real attempt again (the breaker, meanwhile, has counted the refusals).
  private static final long REFUSAL_MEMORY_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
  // How often a waiting borrower looks for its pool's closing and for a refusal of its attempt.
  private static final long WAIT_SLICE_MS = 50;

  /** No connection is idle and the pool may still grow: a borrow waits for a new physical one. */
  private boolean needsNewConnection() {
    return state.getIdleConnections() == 0 && state.getTotalConnections() < maximumPoolSize;
  }

  /** The database's own refusal, its SQLState kept (08001, 28P01, 3D000, ...), as this borrow's failure. */
  private SQLException refusal(SQLException refused) {
    return new SQLException("the database of tenant " + tenant + " refused a new connection: " + refused.getMessage(),
        refused.getSQLState(), refused.getErrorCode(), refused);
  }

  private static long remainingMs(long timeoutMs, long startNanos) {
    return Math.max(0, timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private SQLException timeout(SQLTransientConnectionException e) {
    // HikariCP's timeout carries the pool's last connection failure, reset by every success. A
    // full pool (every connection lent) timed out because it was busy, whatever failed before.
    Throwable lastFailure = e.getCause();
    boolean full = state.getTotalConnections() >= maximumPoolSize;
    boolean databaseFailed = !full && lastFailure != null && !(lastFailure instanceof PoolTimeoutException
        && !((PoolTimeoutException) lastFailure).databaseFailed());
    return new PoolTimeoutException(
        "no connection for tenant " + tenant + " within " + connectionTimeoutMs + " ms (total="
            + state.getTotalConnections() + ", active=" + state.getActiveConnections() + ", idle="
            + state.getIdleConnections() + ", waiting=" + state.getThreadsAwaitingConnection() + ")"
            + (lastFailure == null || full ? "; every connection is in use: raise tenantpool.maximumPoolSize, or hold"
                + " connections for less time (an outer pool around TenantPool holds them all)"
                : "; last connection failure: " + lastFailure.getMessage()),
        e, databaseFailed);
  }

  /** The tenant's circuit closed: its database answered, and an earlier refusal is no longer news. */
  public void databaseAnswered() {
    connector.forgetRefusal();
  }

  /** Connections currently lent out. */
  public int activeConnections() {
    return state.getActiveConnections();
  }

  /** Connections open and waiting to be lent. */
  public int idleConnections() {
    return state.getIdleConnections();
  }

  /** Threads waiting for a connection. */
  public int pendingThreads() {
    return state.getThreadsAwaitingConnection();
  }

  /** All open physical connections. */
  public int totalConnections() {
    return state.getTotalConnections();
  }

  /** Removes a leased connection (HikariCP's proxy) from the pool for good and closes it. */
  public void removeForGood(Connection pooled) {
    hikari.evictConnection(pooled);
  }

  /**
   * Closes one idle connection, to free its budget permit for another tenant; false when the pool
   * had none to give at once.
   */
  public boolean closeOneIdle() {
    try {
      Connection idle = pool.getConnection(0);
      hikari.evictConnection(idle);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Replaces every connection: idle ones are closed now, leased ones when they come back. */
  public void replaceAllConnections() {
    state.softEvictConnections();
  }

  /**
   * Makes new physical connections use {@code properties} (a rotated password, read per
   * connection by the connector) and replaces the pooled ones, so no connection opened with the
   * old credentials is lent again. The pool itself, and its meters, stay.
   */
  public void rotate(Properties properties) {
    connector.properties(properties);
    connector.discardFirst();
    replaceAllConnections();
  }

  /** True once {@link #close} began. */
  public boolean isClosed() {
    return hikari.isClosed();
  }

  /**
   * Waits until {@code deadlineNanos} (a {@link System#nanoTime()} value) for leased connections
   * to come back, then closes the pool; connections still leased at the deadline are aborted.
   */
  public void close(long deadlineNanos) {
    while (state.getActiveConnections() > 0 && System.nanoTime() - deadlineNanos < 0) {
      try {
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      hikari.close();
      connector.discardFirst();
    } finally {
      // A connection attempt HikariCP did not wait for is refused from now on (PhysicalConnector);
      // connections still closing give their permits back later.
      connector.detachBudget();
    }
  }

  @Override
  public String toString() {
    return "TenantPool[tenant=" + tenant + ", total=" + state.getTotalConnections() + ", active="
        + state.getActiveConnections() + ", idle=" + state.getIdleConnections() + ", waiting="
        + state.getThreadsAwaitingConnection() + "]";
  }
}
