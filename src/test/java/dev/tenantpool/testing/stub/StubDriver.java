package dev.tenantpool.testing.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * An in-process JDBC driver for {@code jdbc:stub:} URLs, the one the driver's tests and the
 * benchmarks share: no server, no socket, no thread, so a test can open 1,000 tenant pools in a
 * second and a benchmark measures the pool and its wrappers, not a network. Its connections keep
 * the state a pool resets and answer every query with one row.
 *
 * <pre>{@code
 * jdbc:stub:app_acme                                                   a database named app_acme
 * jdbc:stub:app_acme?stub.connectDelayMillis=5&stub.executeDelayMicros=200   with simulated latency
 * jdbc:stub:acme?schema=acme&ssl=true                        the target's keys: accepted, ignored
 * }</pre>
 *
 * <p>What a test or benchmark can make it do:
 * <ul>
 *   <li>delays, per URL ({@code stub.*} keys) or for the whole driver ({@link #connectDelay},
 *       {@link #closeDelay}); a delayed thread parks as it would on a socket;
 *   <li>faults per database ({@link #database(String)}), refusals for the whole driver
 *       ({@link #mode}), SQLState 08004 for every URL that contains {@code refuse}, and 42000 for
 *       every statement whose SQL contains {@code fail};
 *   <li>a record of every {@code connect} (URL and properties, {@link #attempts()}), so a test can
 *       prove what the target driver saw, or that it was never called.
 * </ul>
 *
 * <p>The shared instance registers with {@link DriverManager} when the class loads, which
 * {@link #install()} makes sure of; not through a service file, so it exists only where a test or
 * benchmark asks for it. {@link #register} registers another instance that stands in for a
 * foreign driver ({@code jdbc:sqlserver:}, {@code jdbc:oracle:}, ...), so a test gets pools for
 * URLs of those shapes without their drivers or servers; {@link #deregister()} removes it again.
 */
public final class StubDriver implements Driver {
  /** Every URL the shared instance accepts starts with this. */
  public static final String PREFIX = "jdbc:stub:";

  private static final StubDriver INSTANCE = new StubDriver(List.of(PREFIX));
  private static final ConcurrentHashMap<String, StubDatabase> DATABASES = new ConcurrentHashMap<>();

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
  // Whether connections opened from now on fail SQL that contains "fail" (42000).
  private volatile boolean failingSql = true;
  private volatile Mode mode = Mode.CONNECT;
  private volatile boolean recording = true;

  private StubDriver(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /** The shared, registered instance ({@code jdbc:stub:}), with its counters and settings reset. */
  public static StubDriver install() {
    INSTANCE.reset();
    return INSTANCE;
  }

  /**
   * The shared instance as {@link #install()} leaves it, but recording no {@link #attempts()}: a
   * benchmark's thousands of connects would grow the list without end and add a copy of the
   * properties to every connect it measures. {@link #connects()} still counts. Its connections do
   * not look for {@code fail} in the SQL they execute.
   */
  public static StubDriver forBenchmarks() {
    INSTANCE.reset();
    INSTANCE.recording = false;
    // A benchmark's baseline must stay as thin as a driver can be: no scan of every SQL text.
    INSTANCE.failingSql = false;
    return INSTANCE;
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

  /** The database called {@code name}, created on first mention; every prefix shares them. */
  public static StubDatabase database(String name) {
    return DATABASES.computeIfAbsent(name, StubDatabase::new);
  }

  /** Sets what later {@code connect} and {@code acceptsURL} calls do. */
  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** Forgets every recorded attempt, removes the delays, connects again and records again. */
  public void reset() {
    connects.set(0);
    attempts.clear();
    connectDelayMs = 0;
    closeDelayMs = 0;
    mode = Mode.CONNECT;
    recording = true;
    failingSql = true;
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

  /** Every connect since the last reset, in order (none after {@link #forBenchmarks()}). */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    String prefix = prefixOf(url);
    if (prefix == null) {
      return null; // the JDBC contract: not our URL, let the next driver try
    }
    if (recording) {
      Properties copy = new Properties();
      if (info != null) {
        copy.putAll(info);
      }
      attempts.add(new Attempt(url, copy));
    }
    connects.incrementAndGet();
    StubUrl parsed = StubUrl.parse(url, prefix);
    long delayNanos = TimeUnit.MILLISECONDS.toNanos(connectDelayMs + parsed.connectDelayMillis());
    if (delayNanos > 0) {
      pause(delayNanos);
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
        StubDatabase database = database(parsed.database());
        database.connected();
        String user = info == null ? null : info.getProperty("user");
        return new StubConnection(database, url, user, TimeUnit.MICROSECONDS.toNanos(parsed.executeDelayMicros()),
            closeDelayMs, failingSql);
    }
  }

  /** The prefix of {@code url} this driver owns, or null where it does not accept it. */
  private String prefixOf(String url) {
    if (url == null || mode == Mode.UNKNOWN_URL) {
      return null;
    }
    for (String prefix : prefixes) {
      if (url.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
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
    return prefixOf(url) != null;
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

  /** One call of {@link #connect}: the URL and a copy of the properties the target driver saw. */
  public record Attempt(String url, Properties properties) {}
}
