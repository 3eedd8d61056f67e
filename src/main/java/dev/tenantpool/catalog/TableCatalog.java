package dev.tenantpool.catalog;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.url.SafeText;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A catalog in a PostgreSQL table, re-read when it changes. The catalog holds one connection on
 * which it {@code LISTEN}s to the channel the table's trigger {@code NOTIFY}s; every
 * {@value #NOTIFY_CHECK_MS} ms (on the shared scheduler) it looks, without blocking, for
 * notifications that arrived and re-reads the whole table if any did, and in any case every
 * {@code refreshInterval} (the polling fallback, which also proves the connection alive). A lost
 * connection is re-established on a later tick, and the table is re-read then, since
 * notifications sent meanwhile are gone.
 *
 * <p>The table, its function and trigger are in the classpath resource
 * {@code dev/tenantpool/catalog/tenantpool_tenants.sql} (and in docs/catalog.md).
 *
 * <p>The table is read in the background from the start, and on the first {@link #lookup} if
 * that has not happened yet; until one read succeeds, lookups fail with 08001. After that, an
 * unreachable catalog database leaves the last reading in force.
 *
 * <p>The lock guards the connection and is held across its I/O; it is a {@link ReentrantLock},
 * never a monitor, so a virtual thread waiting for the first read does not pin its carrier.
 */
final class TableCatalog extends RefreshingCatalog {
  static final long NOTIFY_CHECK_MS = 500;
  private static final long MAX_RECONNECT_BACKOFF_MS = 5_000;
  private static final int QUERY_TIMEOUT_SECONDS = 30;

  private final Driver driver;
  private final String url;
  private final Properties properties;
  private final String table;
  private final String channel;
  private final long refreshNanos;
  private final long backoffNanos;
  private final String description;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Connection connection;
  private volatile PgNotifications notifications;
  // Guarded by lock.
  private long lastReadNanos;
  private long nextConnectNanos = System.nanoTime();
  private SQLException lastFailure;

  private TableCatalog(Driver driver, CatalogSettings settings) {
    this.driver = driver;
    this.url = settings.source();
    this.properties = new Properties();
    this.properties.putAll(settings.connectionProperties());
    // Names the listening connection in pg_stat_activity (pgJDBC's property name).
    this.properties.putIfAbsent("ApplicationName", "tenantpool-catalog");
    this.table = settings.table();
    this.channel = settings.channel();
    this.refreshNanos = TimeUnit.MILLISECONDS.toNanos(settings.refreshIntervalMs());
    this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(settings.refreshIntervalMs(), MAX_RECONNECT_BACKOFF_MS));
    this.description = SafeText.url(url) + " (table " + table + ")";
  }

  static TableCatalog open(CatalogSettings settings, ScheduledExecutorService scheduler) throws SQLException {
    Driver driver;
    try {
      driver = DriverManager.getDriver(settings.source());
    } catch (SQLException e) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception("no JDBC driver on the classpath accepts the catalog URL "
          + SafeText.url(settings.source()) + "; add org.postgresql:postgresql", e);
    }
    TableCatalog catalog = new TableCatalog(driver, settings);
    catalog.start(scheduler, 0, Math.min(NOTIFY_CHECK_MS, settings.refreshIntervalMs()));
    return catalog;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public TenantSpec lookup(String tenant) throws SQLException {
    CatalogContent current = content();
    if (current == null) {
      lock.lock();
      try {
        if (content() == null && !closed) {
          refresh(true);
        }
      } finally {
        lock.unlock();
      }
      current = content();
      if (current == null) {
        throw unavailable();
      }
    }
    return current.tenant(tenant);
  }

  private SQLException unavailable() {
    SQLException cause;
    lock.lock();
    try {
      cause = lastFailure;
    } finally {
      lock.unlock();
    }
    return TenantPoolSqlState.CONNECTION_FAILED.exception("tenant catalog " + description + " has not been read yet"
        + (cause == null ? "" : ": " + cause.getMessage())
        + "; check tenantpool.catalog, tenantpool.catalog.user and tenantpool.catalog.password", cause);
  }

  @Override
  void tick() {
    lock.lock();
    try {
      refresh(false);
    } finally {
      lock.unlock();
    }
  }

  /** Connects if needed (respecting the back-off), then reads if notified, due or {@code force}d. */
  private void refresh(boolean force) {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    boolean due = force || content() == null || now - lastReadNanos >= refreshNanos;
    if (connection == null) {
      if (now - nextConnectNanos < 0) {
        return;
      }
      try {
        connect();
      } catch (SQLException e) {
        failed(e, now);
        return;
      }
      due = true; // notifications sent while disconnected are lost: read the table anew
    }
    try {
      if (notifications != null && notifications.drain() > 0) {
        due = true;
      }
      if (due) {
        CatalogContent next = read();
        lastReadNanos = now;
        if (lastFailure != null) {
          LOG.info("tenant catalog {}: read again after failures", description);
          lastFailure = null;
        }
        publish(next);
      }
    } catch (SQLException e) {
      failed(e, now);
      closeConnection();
      nextConnectNanos = now; // reconnect on the next tick; the back-off is for failed connects
    }
  }

  private void failed(SQLException e, long now) {
    if (closed) {
      return; // close() dropped the connection under a running read
    }
    if (lastFailure == null) {
      LOG.warn("tenant catalog {}: {}; retrying (the last reading, if any, stays in force)", description, e.getMessage());
    } else {
      LOG.debug("tenant catalog {}: still failing: {}", description, e.getMessage());
    }
    lastFailure = e;
    nextConnectNanos = now + backoffNanos;
  }

  private void connect() throws SQLException {
    Connection opened = driver.connect(url, properties);
    if (opened == null) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception("the driver " + driver.getClass().getName()
          + " declined the catalog URL " + SafeText.url(url));
    }
    try {
      opened.setAutoCommit(true); // notifications are delivered only outside a transaction
      try (Statement statement = opened.createStatement()) {
        statement.execute("LISTEN " + quote(channel));
      }
    } catch (SQLException e) {
      closeQuietly(opened);
      throw e;
    }
    PgNotifications reader = PgNotifications.of(opened);
    if (reader == null) {
      LOG.warn("tenant catalog {}: the driver cannot deliver notifications; polling every {} ms (tenantpool.catalog.refreshInterval)",
          description, TimeUnit.NANOSECONDS.toMillis(refreshNanos));
    }
    notifications = reader;
    connection = opened;
    if (closed) {
      closeConnection();
    }
  }

  private CatalogContent read() throws SQLException {
    // Options are flattened by PostgreSQL; a non-object options value is reported per tenant
    // rather than failing jsonb_each_text for the whole table.
    String sql = "SELECT t.tenant, t.url, t.username, t.password, t.tier, jsonb_typeof(t.options), o.key, o.value"
        + " FROM " + table + " t LEFT JOIN LATERAL jsonb_each_text("
        + "CASE WHEN jsonb_typeof(t.options) = 'object' THEN t.options END) o ON true";
    Map<String, Map<String, String>> fields = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          String tenant = rows.getString(1);
          if (tenant == null) {
            continue;
          }
          Map<String, String> entry = fields.get(tenant);
          if (entry == null) {
            entry = new LinkedHashMap<>();
            entry.put(CatalogContent.URL, rows.getString(2));
            entry.put(CatalogContent.USER, rows.getString(3));
            entry.put(CatalogContent.PASSWORD, rows.getString(4));
            entry.put(CatalogContent.TIER, rows.getString(5));
            fields.put(tenant, entry);
            String type = rows.getString(6);
            if (type != null && !type.equals("object") && !type.equals("null")) {
              problems.put(tenant, "column options must be a JSON object such as {\"maximumPoolSize\": 10}, but was a JSON "
                  + type);
            }
          }
          String key = rows.getString(7);
          if (key != null) {
            if (entry.containsKey(key)) {
              problems.putIfAbsent(tenant, "column options may hold pool and breaker keys only; \"" + key
                  + "\" is a column of its own");
            } else {
              entry.put(key, rows.getString(8));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new SQLException("tenant catalog " + description + " could not be read: " + e.getMessage()
          + " (the table needs the columns tenant, url, username, password, tier and options jsonb; see docs/catalog.md)",
          e.getSQLState(), e);
    }
    CatalogContent.Builder content = new CatalogContent.Builder();
    fields.forEach((tenant, entry) -> {
      String problem = problems.get(tenant);
      if (problem != null) {
        content.malformedTenant(tenant, problem);
      } else {
        content.tenant(tenant, entry);
      }
    });
    return content.build();
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private void closeConnection() {
    Connection open = connection;
    connection = null;
    notifications = null;
    if (open != null) {
      closeQuietly(open);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // The connection is being dropped; a failure to close it changes nothing.
    }
  }

  @Override
  public void close() {
    super.close();
    // Without the lock: closing the socket also ends a read that a tick may be blocked in.
    closeConnection();
  }
}
