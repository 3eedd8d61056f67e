package dev.tenantpool.pool;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens one tenant's physical connections through the target driver; HikariCP uses it as its
 * {@link DataSource}. It is the single place a physical connection is born, which is where a
 * per-server connection budget can be charged.
 *
 * <p>The pool's first connection is opened before the pool exists ({@link #openFirst}), so that
 * a tenant whose database is missing or refuses the login gets the target driver's own error at
 * once and no pool is kept; that connection is then handed to HikariCP as its first, instead of
 * being thrown away.
 */
public final class PhysicalConnector implements DataSource {
  private final Driver driver;
  private final String url;
  // Replaced when the tenant's credentials rotate; read once per new physical connection.
  private volatile Properties properties;
  private final String tenant;
  private final ConnectionBudget budget;
  private final long budgetTimeoutMs;
  private final AtomicReference<Connection> first = new AtomicReference<>();
  private volatile int loginTimeoutSeconds;

  /**
   * @param budget the server's connection budget, or null when there is no cap
   * @param budgetTimeoutMs how long to wait for a budget permit
   */
  PhysicalConnector(
      Driver driver, String url, Properties properties, String tenant, ConnectionBudget budget, long budgetTimeoutMs) {
    this.driver = driver;
    this.url = url;
    this.properties = properties;
    this.tenant = tenant;
    this.budget = budget;
    this.budgetTimeoutMs = budgetTimeoutMs;
  }

  /** New physical connections use {@code properties} (a rotated password) from now on. */
  void properties(Properties properties) {
    this.properties = properties;
  }

  /**
   * Opens the first connection now and keeps it for HikariCP; throws the target's error, or
   * SQLState TP006 after {@code timeoutMs}.
   *
   * <p>Bounded because it runs on the tenant's first caller's thread, outside HikariCP: a database
   * that accepts the TCP connection and then never answers (a frozen server, a blackholing
   * middlebox) would otherwise hold that caller for as long as the driver allows, which with
   * pgJDBC's defaults (socketTimeout=0, loginTimeout=0) is forever. The attempt runs on a pool
   * thread; if it completes after the caller gave up, its connection is closed. The abandoned
   * thread itself ends only when the driver gives up, hence the README's advice to set the
   * driver's socket timeout.
   */
  void openFirst(long timeoutMs) throws SQLException {
    CompletableFuture<Connection> attempt = new CompletableFuture<>();
    PoolThreads.threadFactory().newThread(() -> {
      try {
        attempt.complete(connect());
      } catch (Throwable e) {
        attempt.completeExceptionally(e);
      }
    }).start();
    try {
      first.set(attempt.get(timeoutMs, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw (SQLException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("the first connection of tenant " + tenant + " failed", cause);
    } catch (TimeoutException e) {
      attempt.thenAccept(PhysicalConnector::closeQuietly);
      throw new PoolTimeoutException(
          "the database of tenant " + tenant + " did not complete a connection within " + timeoutMs
              + " ms (tenantpool.connectionTimeout); it accepts connections but does not answer. Set the"
              + " target driver's socket timeout (pgJDBC: socketTimeout) so abandoned attempts end too",
          e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempt.thenAccept(PhysicalConnector::closeQuietly);
      throw new PoolTimeoutException("interrupted while opening the first connection of tenant " + tenant, e, false);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // A connection that came too late and was never used; nothing to report.
    }
  }

  /** Closes the first connection if HikariCP never took it. */
  void discardFirst() {
    Connection unused = first.getAndSet(null);
    if (unused != null) {
      try {
        unused.close();
      } catch (SQLException ignored) {
        // Closing a connection nobody used; nothing to report.
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection handedOver = first.getAndSet(null);
    return handedOver != null ? handedOver : connect();
  }

  private Connection connect() throws SQLException {
    if (budget == null) {
      return open();
    }
    budget.acquire(tenant, budgetTimeoutMs);
    boolean opened = false;
    try {
      Connection connection = new BudgetedConnection(open(), budget);
      opened = true;
      return connection;
    } finally {
      if (!opened) {
        budget.release();
      }
    }
  }

  private Connection open() throws SQLException {
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      // The driver was found for this URL but declined it: say which URL (as SafeText describes it).
      throw TenantPoolSqlState.CONNECTION_FAILED.exception(
          "the target driver " + driver.getClass().getName() + " declined the URL "
              + SafeText.url(url) + " of tenant " + tenant);
    }
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the tenant's URL and properties");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // HikariCP logs through SLF4J; a DriverManager-style log writer is not used.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("TenantPool logs through SLF4J");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "PhysicalConnector[tenant=" + tenant + ", url=" + SafeText.url(url) + "]";
  }
}
