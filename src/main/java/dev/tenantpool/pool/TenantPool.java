package dev.tenantpool.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's HikariCP pool. Created by {@link #open}, which connects once before the pool
 * exists so that a failing tenant leaves nothing behind.
 */
public final class TenantPool {
  private final String tenant;
  private final HikariDataSource hikari;
  private final HikariPoolMXBean state;
  private final PhysicalConnector connector;
  private final long connectionTimeoutMs;
  private final int maximumPoolSize;

  private TenantPool(String tenant, HikariDataSource hikari, PhysicalConnector connector, PoolSettings settings) {
    this.tenant = tenant;
    this.hikari = hikari;
    this.state = hikari.getHikariPoolMXBean();
    this.connector = connector;
    this.connectionTimeoutMs = settings.connectionTimeoutMs();
    this.maximumPoolSize = settings.maximumPoolSize();
  }

  /**
   * Opens a pool for {@code tenant} whose connections go to {@code url} (placeholders already
   * substituted), charging each physical connection to {@code budget} (null: no cap). Throws the target driver's exception, SQLState included, when the first
   * connection fails; nothing is kept in that case.
   */
  public static TenantPool open(
      String tenant, String poolName, String url, Properties properties, PoolSettings settings,
      ScheduledExecutorService scheduler, ConnectionBudget budget) throws SQLException {
    Driver driver = findDriver(url);
    // The budget wait ends a little before the borrower's, so that when it gives up its error
    // (which says the budget is spent) becomes the cause of the borrower's timeout.
    long budgetWaitMs = Math.max(100, settings.connectionTimeoutMs() * 9 / 10);
    PhysicalConnector connector = new PhysicalConnector(driver, url, properties, tenant, budget, budgetWaitMs);
    connector.openFirst(settings.connectionTimeoutMs());
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
    TenantThreads threads = new TenantThreads(scheduler, PoolThreads.threadFactory(), tenant);
    config.setScheduledExecutor(threads);
    config.setThreadFactory(threads.threadFactory());
    try {
      return new TenantPool(tenant, new HikariDataSource(config), connector, settings);
    } catch (RuntimeException e) {
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

  /** The tenant this pool serves. */
  public String tenant() {
    return tenant;
  }

  /**
   * Borrows a physical connection (HikariCP's proxy). A timeout becomes SQLState TP006 naming the
   * tenant and the pool's state; other failures keep the target driver's SQLState.
   */
  public Connection borrow() throws SQLException {
    try {
      return hikari.getConnection();
    } catch (SQLTransientConnectionException e) {
      throw timeout(e);
    }
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
  public void evict(Connection pooled) {
    hikari.evictConnection(pooled);
  }

  /** Closes idle connections now and leased ones when they come back. */
  public void softEvict() {
    state.softEvictConnections();
  }

  /**
   * Makes new physical connections use {@code properties} (a rotated password, read per
   * connection by the connector) and soft-evicts the pooled ones, so no connection opened with
   * the old credentials is lent again. The pool itself, and its meters, stay.
   */
  public void rotate(Properties properties) {
    connector.properties(properties);
    connector.discardFirst();
    state.softEvictConnections();
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
    hikari.close();
    connector.discardFirst();
  }

  @Override
  public String toString() {
    return "TenantPool[tenant=" + tenant + ", total=" + state.getTotalConnections() + ", active="
        + state.getActiveConnections() + ", idle=" + state.getIdleConnections() + ", waiting="
        + state.getThreadsAwaitingConnection() + "]";
  }
}
