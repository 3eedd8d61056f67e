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
 * it exists only in tests that ask for it.
 */
public final class StubDriver implements Driver {
  /** Every URL this driver accepts starts with this. */
  public static final String PREFIX = "jdbc:stubtp:";

  private static final StubDriver INSTANCE = new StubDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AtomicInteger connects = new AtomicInteger();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private volatile long connectDelayMs;
  private volatile boolean refuseAll;

  private StubDriver() {}

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
    refuseAll = false;
  }

  /** Makes every later {@code connect} fail at once (08001), like a server that is down; false undoes it. */
  public void refuseAll(boolean refuse) {
    this.refuseAll = refuse;
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
    if (refuseAll) {
      throw new SQLException("stub server is down: " + url, "08001");
    }
    if (url.contains("refuse")) {
      throw new SQLException("stub server refuses " + url, "08004");
    }
    return new StubConnection(url);
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
    throw new SQLFeatureNotSupportedException("no java.util.logging in the stub");
  }

  /** One call of {@link #connect}: the URL and a copy of the properties the target driver saw. */
  public record Attempt(String url, Properties properties) {}
}
