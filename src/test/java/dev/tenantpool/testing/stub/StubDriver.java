package dev.tenantpool.testing.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * An in-process JDBC driver for benchmarks: it accepts only {@code jdbc:stub:} URLs, opens
 * connections that never leave the JVM, and answers every query with one row, so that what a
 * benchmark measures is the pool and its wrappers, not a network or a server.
 *
 * <pre>{@code
 * jdbc:stub:app_acme                                     a database named app_acme
 * jdbc:stub:app_acme?connectDelayMillis=5&executeDelayMicros=200   with simulated latency
 * }</pre>
 *
 * <p>Delays are optional and off by default; a delayed thread parks as it would on a socket.
 * Faults are injected per database through {@link #database(String)}.
 */
public final class StubDriver implements Driver {
  /** The URL prefix this driver owns. */
  public static final String PREFIX = "jdbc:stub:";

  private static final StubDriver INSTANCE = new StubDriver();
  private static final ConcurrentHashMap<String, StubDatabase> DATABASES = new ConcurrentHashMap<>();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Public for {@link java.util.ServiceLoader}; {@link DriverManager} uses the registered instance. */
  public StubDriver() {}

  /** Makes sure the driver is registered with {@link DriverManager}; returns the registered instance. */
  public static StubDriver register() {
    return INSTANCE;
  }

  /** The database called {@code name}, created on first mention. */
  public static StubDatabase database(String name) {
    return DATABASES.computeIfAbsent(name, StubDatabase::new);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the JDBC contract: not our URL, let the next driver try
    }
    StubUrl parsed = StubUrl.parse(url);
    if (parsed.connectDelayMillis() > 0) {
      pause(TimeUnit.MILLISECONDS.toNanos(parsed.connectDelayMillis()));
    }
    StubDatabase database = database(parsed.database());
    database.connected();
    String user = info == null ? null : info.getProperty("user");
    return new StubConnection(database, url, user, TimeUnit.MICROSECONDS.toNanos(parsed.executeDelayMicros()));
  }

  /** Parks the calling thread for {@code nanos}, as a blocking socket read would. */
  static void pause(long nanos) throws SQLException {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted during a simulated delay", "57014");
      }
    }
  }

  /** The exception every feature the stub leaves out throws, naming the method. */
  static SQLFeatureNotSupportedException unsupported(String method) {
    return new SQLFeatureNotSupportedException("the stub driver does not support " + method);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the stub driver does not log");
  }
}
