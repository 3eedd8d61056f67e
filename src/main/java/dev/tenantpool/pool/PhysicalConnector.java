package dev.tenantpool.pool;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens one tenant's physical connections through the target driver; HikariCP uses it as its
 * {@link DataSource}. It is the single place a physical connection is born, which is where a
 * per-server connection budget can be charged, every attempt bounded in time
 * ({@link ConnectAttempts}), and a refusal remembered.
 *
 * <p>The pool's first connection is opened before the pool exists ({@link #openFirst}), so that
 * a tenant whose database is missing or refuses the login gets the target driver's own error at
 * once and no pool is kept; that connection is then handed to HikariCP as its first, instead of
 * being thrown away.
 */
final class PhysicalConnector implements DataSource {
  private final Driver driver;
  private final String url;
  // Replaced when the tenant's credentials rotate; read once per new physical connection.
  private volatile Properties properties;
  private final String tenant;
  private final String server;
  private final ConnectionBudget budget;
  private final long budgetTimeoutMs;
  private final long connectionTimeoutMs;
  private final AtomicReference<Connection> first = new AtomicReference<>();
  // HikariCP sets it (from connectionTimeout) and expects every connection attempt to honour it.
  private volatile int loginTimeoutSeconds;
  // The database's last refusal (a connection attempt the driver answered with an error), until
  // the next success: borrowers that need a new connection learn it at once (see TenantPool).
  private volatile Refusal lastRefusal;
  // The pool told of each change of lastRefusal; null until it exists.
  private volatile TenantPool reportsTo;
  // Whether the pool's attachment to the budget was given up (detachBudget). Written under this.
  private volatile boolean detached;

  /**
   * @param server the server the budget and the attempt bound count against
   * @param budget the server's connection budget, or null when there is no cap
   * @param budgetTimeoutMs how long to wait for a budget permit
   */
  PhysicalConnector(Driver driver, String url, Properties properties, String tenant, String server,
      ConnectionBudget budget, long budgetTimeoutMs, long connectionTimeoutMs) {
    this.driver = driver;
    this.url = url;
    this.properties = properties;
    this.tenant = tenant;
    this.server = server;
    this.budget = budget;
    this.budgetTimeoutMs = budgetTimeoutMs;
    this.connectionTimeoutMs = connectionTimeoutMs;
  }

  /** New physical connections use {@code properties} (a rotated password) from now on. */
  void properties(Properties properties) {
    this.properties = properties;
  }

  /**
   * Opens the first connection now and keeps it for HikariCP; throws the target's error, or
   * SQLState TP006 after {@code timeoutMs}. Bounded because it runs on the tenant's first
   * caller's thread, outside HikariCP.
   */
  void openFirst(long timeoutMs) throws SQLException {
    first.set(connect(timeoutMs));
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

  /**
   * The database's refusal of a connection attempt made since {@code sinceNanos} (a
   * {@link System#nanoTime()} value), or null: none, or a connection was opened after it.
   */
  SQLException refusedSince(long sinceNanos) {
    Refusal refusal = lastRefusal;
    return refusal != null && refusal.atNanos - sinceNanos >= 0 ? refusal.failure : null;
  }

  /** Whether the database refused a connection attempt and none succeeded since. */
  boolean refusalKnown() {
    return lastRefusal != null;
  }

  /** Forgets the last refusal: the database answered since (a probe got through). */
  void forgetRefusal() {
    lastRefusal = null;
    refusalChanged();
  }

  /** The pool closed: it takes no more permits of its budget (once, however often it is closed). */
  synchronized void detachBudget() {
    if (budget != null && !detached) {
      detached = true;
      budget.detach();
    }
  }

  void reportRefusalsTo(TenantPool pool) {
    reportsTo = pool;
  }

  private void refusalChanged() {
    TenantPool pool = reportsTo;
    if (pool != null) {
      pool.refusalChanged();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection handedOver = first.getAndSet(null);
    if (handedOver != null) {
      return handedOver;
    }
    int loginTimeout = loginTimeoutSeconds;
    return connect(loginTimeout > 0 ? TimeUnit.SECONDS.toMillis(loginTimeout) : connectionTimeoutMs);
  }

  private Connection connect(long timeoutMs) throws SQLException {
    long start = System.nanoTime();
    if (budget != null) {
      acquirePermit(Math.min(budgetTimeoutMs, timeoutMs));
    }
    long left = Math.max(1, timeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    try {
      Connection connection = ConnectAttempts.run(server, tenant, this::attempt, left, this::releasePermit);
      if (lastRefusal != null) {
        lastRefusal = null;
        refusalChanged();
      }
      return connection;
    } catch (PoolTimeoutException e) {
      throw e; // it hung or waited: not a refusal
    } catch (SQLException e) {
      lastRefusal = new Refusal(System.nanoTime(), e);
      refusalChanged();
      throw e;
    }
  }

  /**
   * Takes the permit of one new physical connection. HikariCP waits for its connection adder only
   * a while when the pool closes, so an attempt may come after the pool detached from the budget:
   * it is refused, and each wait is attached on its own, so that the budget is never retired under
   * a caller about to take a permit.
   */
  private void acquirePermit(long timeoutMs) throws SQLException {
    if (detached || !budget.attach()) {
      throw closedPool();
    }
    try {
      if (detached) {
        throw closedPool(); // detached while this one attached
      }
      budget.acquire(tenant, timeoutMs);
    } finally {
      budget.detach();
    }
  }

  private PoolTimeoutException closedPool() {
    return new PoolTimeoutException("the pool of tenant " + tenant + " is closed; it opens no new connection", null, false);
  }

  /** One attempt, on a connect thread; it owns the budget permit taken for it. */
  private Connection attempt() throws SQLException {
    boolean opened = false;
    try {
      Connection raw = open();
      Connection connection = budget == null ? raw : new BudgetedConnection(raw, budget);
      opened = true;
      return connection;
    } finally {
      if (!opened) {
        releasePermit();
      }
    }
  }

  private void releasePermit() {
    if (budget != null) {
      budget.release();
    }
  }

  private Connection open() throws SQLException {
    // A copy: the properties may be shared by every tenant of a template, and a driver may write
    // to the ones it is given.
    Properties forThisAttempt = new Properties();
    forThisAttempt.putAll(properties);
    Connection connection = driver.connect(url, forThisAttempt);
    if (connection == null) {
      // The driver was found for this URL but declined it: say which URL (as SafeText describes it).
      throw TenantPoolSqlState.CONNECTION_FAILED.exception(
          "the target driver " + driver.getClass().getName() + " declined the URL "
              + SafeText.url(url) + " of tenant " + tenant);
    }
    return connection;
  }

  /** A failed connection attempt, and when it ended. */
  private record Refusal(long atNanos, SQLException failure) {}

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
