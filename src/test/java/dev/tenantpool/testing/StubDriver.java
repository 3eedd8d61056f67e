package dev.tenantpool.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * An in-process JDBC driver for {@code jdbc:stubtp:} URLs whose connections are
 * {@link StubConnection}s: no server, no socket, no thread, so a test can open 1,000 tenant pools
 * in a second. It records every {@code connect} (URL and properties) so a test can prove what the
 * target driver saw, or that it was never called.
 *
 * <p>Registered with {@link DriverManager} by {@link #install()}; not through the service file, so
 * it exists only in tests that ask for it. {@link #register} registers another instance that
 * stands in for a foreign driver ({@code jdbc:sqlserver:}, {@code jdbc:oracle:}, ...), so a test
 * gets pools for URLs of those shapes without their drivers or servers; {@link #mode} makes it
 * refuse, decline or not recognise URLs, and {@link #deregister()} removes it again.
 */
public final class StubDriver implements Driver {
  /** Every URL this driver accepts starts with this. */
  public static final String PREFIX = "jdbc:stubtp:";

  private static final StubDriver INSTANCE = new StubDriver(List.of(PREFIX));

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What {@link #connect} does with a URL this driver is asked about. */
  public enum Mode {
    /** Opens a {@link StubConnection}. */
    CONNECT,
    /** Throws an SQLException (08001), as a server that refuses the connection would. */
    REFUSE,
    /** Accepts the URL but returns null from {@code connect}, as a driver that declines it would. */
    DECLINE,
    /** Does not accept the URL at all: no registered driver is found for it. */
    UNKNOWN_URL
  }

  private final List<String> prefixes;
  private final AtomicInteger connects = new AtomicInteger();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private volatile long connectDelayMs;
  private volatile long closeDelayMs;
  private volatile Mode mode = Mode.CONNECT;

  private StubDriver(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /**
   * Registers a new stub that accepts URLs starting with any of {@code prefixes} (such as
   * {@code jdbc:sqlserver:}); the test must {@link #deregister()} it when done. A real driver
   * registered earlier for the same prefix is asked first by {@link DriverManager}.
   */
  public static StubDriver register(String... prefixes) {
    StubDriver driver = new StubDriver(List.of(prefixes));
    try {
      DriverManager.registerDriver(driver);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return driver;
  }

  /** Removes a stub of {@link #register} from {@link DriverManager}. */
  public void deregister() {
    try {
      DriverManager.deregisterDriver(this);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets what later {@code connect} and {@code acceptsURL} calls do. */
  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** The registered driver, with its counters reset. */
  public static StubDriver install() {
    INSTANCE.reset();
    return INSTANCE;
  }

  /** Forgets every recorded attempt and removes any connect delay. */
  public void reset() {
    connects.set(0);
    attempts.clear();
    connectDelayMs = 0;
    closeDelayMs = 0;
    mode = Mode.CONNECT;
  }

  /** Makes closing every connection opened from now on take {@code millis}, like a slow server. */
  public void closeDelay(long millis) {
    this.closeDelayMs = millis;
  }

  /** Makes every later {@code connect} take {@code millis}, like a slow server. */
  public void connectDelay(long millis) {
    this.connectDelayMs = millis;
  }

  /** How many physical connections were opened (or attempted) since the last reset. */
  public int connects() {
    return connects.get();
  }

  /** Every connect since the last reset, in order. */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Properties copy = new Properties();
    if (info != null) {
      copy.putAll(info);
    }
    attempts.add(new Attempt(url, copy));
    connects.incrementAndGet();
    long delay = connectDelayMs;
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while connecting", "08001", e);
      }
    }
    if (url.contains("refuse")) {
      throw new SQLException("stub server refuses " + url, "08004");
    }
    switch (mode) {
      case REFUSE:
        // Like a real driver's refusal: the reason, not the URL or the login.
        throw new SQLException("stub server refuses the connection", "08001");
      case DECLINE:
        return null;
      default:
        StubConnection connection = new StubConnection(url);
        connection.closeDelayMs = closeDelayMs;
        return connection;
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    if (url == null || mode == Mode.UNKNOWN_URL) {
      return false;
    }
    for (String prefix : prefixes) {
      if (url.startsWith(prefix)) {
        return true;
      }
    }
    return false;
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
    throw new SQLFeatureNotSupportedException("no java.util.logging in the stub");
  }

  /** One call of {@link #connect}: the URL and a copy of the properties the target driver saw. */
  public record Attempt(String url, Properties properties) {}
}
