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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A catalog in a PostgreSQL table, re-read when it changes. The catalog holds one connection on
 * which it {@code LISTEN}s to the channel the table's trigger {@code NOTIFY}s; every
 * {@value #NOTIFY_CHECK_MS} ms it looks, without blocking, for notifications that arrived and
 * re-reads the whole table if any did, and in any case every {@code refreshInterval} (the polling
 * fallback, which also proves the connection alive). A lost connection is re-established on a
 * later step, and the table is re-read then, since notifications sent meanwhile are gone.
 *
 * <p>The table, its function and trigger are in the classpath resource
 * {@code dev/tenantpool/catalog/tenantpool_tenants.sql} (and in docs/catalog.md).
 *
 * <p>The table is read in the background from the start. A {@link #lookup} before the first read
 * has succeeded asks for one and waits for it at most {@code timeoutMs}; until one succeeds,
 * lookups fail with 08001. After that, an unreachable catalog database leaves the last reading in
 * force.
 *
 * <p>Every connect, LISTEN and read runs on the catalog's own thread (never the shared scheduler,
 * never a caller's), and each is bounded: the connection gets pgJDBC's {@code loginTimeout},
 * {@code connectTimeout} and {@code socketTimeout} of {@code timeoutMs} (rounded up to whole
 * seconds) unless the catalog URL sets them. Without them a database that accepts TCP connections
 * and never answers would hold the catalog forever (PgJdbcTimeoutsIT pins what each setting does).
 * No lock is held across I/O: the connection is the catalog thread's alone, and even
 * {@link #close()} leaves closing it to that thread (pgJDBC's close waits for a read under way).
 */
final class TableCatalog extends RefreshingCatalog {
  static final long NOTIFY_CHECK_MS = 500;
  private static final long MAX_RECONNECT_BACKOFF_MS = 5_000;
  /** pgJDBC's timeouts, in seconds, that bound a connect (loginTimeout) and every socket read (socketTimeout). */
  static final List<String> TIMEOUT_PROPERTIES = List.of("loginTimeout", "connectTimeout", "socketTimeout");

  private final Driver driver;
  private final String url;
  private final Properties properties;
  private final String table;
  private final String channel;
  private final long refreshNanos;
  private final long backoffNanos;
  private final long timeoutMs;
  private final String description;
  // Opened, used and closed on the catalog thread; volatile because a close() that finds that
  // thread already stopped lets go of it on the caller's thread.
  private volatile Connection connection;
  private volatile PgNotifications notifications;
  // The catalog thread's alone.
  private long lastReadNanos;
  private long nextConnectNanos = System.nanoTime();
  // Read by callers that find the table unread.
  private volatile SQLException lastFailure;

  private TableCatalog(Driver driver, CatalogSettings settings) {
    this.driver = driver;
    this.url = settings.source();
    this.timeoutMs = settings.timeoutMs();
    long timeoutSeconds = Math.max(1, (settings.timeoutMs() + 999) / 1000);
    this.properties = new Properties();
    this.properties.putAll(settings.connectionProperties());
    // Names the listening connection in pg_stat_activity (pgJDBC's property name).
    this.properties.putIfAbsent("ApplicationName", "tenantpool-catalog");
    // priority 1 - the catalog URL's own values (pgJDBC lets the URL win over properties anyway)
    // priority 2 - the bound derived from tenantpool.connectionTimeout
    for (String key : TIMEOUT_PROPERTIES) {
      if (!urlSets(url, key)) {
        this.properties.putIfAbsent(key, Long.toString(Math.min(Integer.MAX_VALUE, timeoutSeconds)));
      }
    }
    this.table = settings.table();
    this.channel = settings.channel();
    this.refreshNanos = TimeUnit.MILLISECONDS.toNanos(settings.refreshIntervalMs());
    this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(settings.refreshIntervalMs(), MAX_RECONNECT_BACKOFF_MS));
    this.description = SafeText.url(url) + " (table " + table + ")";
  }

  /** True when {@code url}'s query sets {@code key} (compared without case, as a user might write it). */
  static boolean urlSets(String url, String key) {
    int query = url.indexOf('?');
    if (query < 0) {
      return false;
    }
    for (String parameter : url.substring(query + 1).split("&")) {
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq);
      if (name.trim().equalsIgnoreCase(key)) {
        return true;
      }
    }
    return false;
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
      String waited = null;
      try {
        // Joins the read under way (the one started with the catalog, say) or starts one.
        refreshSoon().get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        waited = "no answer within " + timeoutMs + " ms (tenantpool.connectionTimeout)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        waited = "interrupted while waiting for the first read";
      } catch (ExecutionException e) {
        waited = String.valueOf(e.getCause()); // a step's future never fails; kept for completeness
      }
      current = content();
      if (current == null) {
        throw unavailable(waited);
      }
    }
    return current.tenant(tenant);
  }

  private SQLException unavailable(String waited) {
    SQLException cause = lastFailure;
    String why = cause == null ? waited : waited == null ? cause.getMessage()
        : waited + ", after " + cause.getMessage();
    return TenantPoolSqlState.CONNECTION_FAILED.exception("tenant catalog " + description + " has not been read yet"
        + (why == null ? "" : ": " + why)
        + "; check tenantpool.catalog, tenantpool.catalog.user and tenantpool.catalog.password", cause);
  }

  @Override
  void tick() {
    refresh();
  }

  /** Connects if needed (respecting the back-off), then reads if never read, notified or due. */
  private void refresh() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    boolean due = content() == null || now - lastReadNanos >= refreshNanos || removalCheckDue();
    if (connection == null) {
      if (now - nextConnectNanos < 0) {
        return;
      }
      try {
        connect();
      } catch (SQLException e) {
        failed(e);
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
      failed(e);
      closeConnection();
      nextConnectNanos = System.nanoTime(); // reconnect on the next step; the back-off is for failed connects
    }
  }

  private void failed(SQLException e) {
    if (closed) {
      return; // closing; the failure is of no interest
    }
    if (lastFailure == null) {
      LOG.warn("tenant catalog {}: {}; retrying (the last reading, if any, stays in force)", description, e.getMessage());
    } else {
      LOG.debug("tenant catalog {}: still failing: {}", description, e.getMessage());
    }
    lastFailure = e;
    // From now, not from the step's start: a connect that timed out must not use up the back-off.
    nextConnectNanos = System.nanoTime() + backoffNanos;
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
    // No statement timeout: socketTimeout bounds the read, and pgJDBC's cancel of a timed-out
    // statement goes to the same unanswering server on a new connection and holds this one's
    // lock for up to its cancelSignalTimeout (10 s).
    try (Statement statement = connection.createStatement()) {
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
  void release() {
    closeConnection();
  }
}
