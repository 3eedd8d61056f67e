package dev.tenantpool.cluster;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An instance's one connection to the coordination database, opened through the target driver
 * (no tenant pool, no budget: it does not count against the cap it coordinates), and the session
 * advisory lock that tells the others this instance is alive. Opened again after any failure;
 * used by one thread at a time (the heartbeat, then close).
 */
final class CoordinationSession {
  private static final java.util.function.LongUnaryOperator IDLE_IN_TRANSACTION_MS = interval -> Math.max(30_000, 10 * interval);
  private final ClusterSettings settings;
  private final Properties properties = new Properties();
  // Random, positive, below 2^62: the one-key advisory lock this instance holds in every session.
  private final long lockKey = ThreadLocalRandom.current().nextLong(1, 1L << 62);
  private Driver driver;
  private Connection connection;
  private boolean locked;

  CoordinationSession(ClusterSettings settings) {
    this.settings = settings;
    properties.putAll(settings.login());
    properties.putIfAbsent("ApplicationName", "tenantpool-cluster");
    // Every connect and statement bounded (pgJDBC's seconds): two intervals, at least a second.
    String seconds = Long.toString(Math.max(1, (2 * settings.heartbeatMs() + 999) / 1000));
    for (String key : new String[] {"loginTimeout", "connectTimeout", "socketTimeout"}) {
      properties.putIfAbsent(key, seconds);
    }
  }

  long lockKey() {
    return lockKey;
  }

  /** The members table on a live session, connecting (and creating the table) first if needed. */
  MemberTable table() throws SQLException {
    if (connection == null) {
      if (driver == null) {
        driver = DriverManager.getDriver(settings.url());
      }
      Connection opened = driver.connect(settings.url(), properties);
      if (opened == null) {
        throw TenantPoolSqlState.CONNECTION_FAILED.exception("the driver " + driver.getClass().getName()
            + " declined the coordination URL " + SafeText.url(settings.url()));
      }
      connection = opened;
      locked = false;
      // A session cut off in the middle of a heartbeat holds the server's transaction lock: every
      // instance keeps its shares (safe) but none moves, until the server's TCP keepalive gives up
      // (hours). The server ends such a transaction, with the session, after ten intervals (at
      // least 30 s) instead. Not sooner: once the session ends, a still cut-off instance may be
      // counted gone while it holds connections (docs/scaling.md, the residual risk), and a short
      // outage must not get there.
      try (Statement s = opened.createStatement()) {
        s.execute("SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_MS.applyAsLong(settings.heartbeatMs()));
      }
      new MemberTable(opened).create();
    }
    MemberTable table = new MemberTable(connection);
    if (!locked) {
      // Still held by our previous session until the server notices it is gone: our row stays
      // protected meanwhile, and the next heartbeat tries again.
      locked = table.lockSession(lockKey);
    }
    return table;
  }

  /** Closes the connection (broken or not); the session's lock goes with it. */
  void drop() {
    Connection broken = connection;
    connection = null;
    locked = false;
    if (broken != null) {
      try {
        broken.close();
      } catch (SQLException ignored) {
        // Already broken.
      }
    }
  }
}
