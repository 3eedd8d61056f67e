package dev.tenantpool.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The starter tests' PostgreSQL: one embedded server for the test JVM. Each test class gets
 * databases of its own, one per tenant ({@code <prefix>_<tenant>}), each holding
 * {@code tenant_info} whose single row names the tenant, so that a test can ask any connection
 * which database it reached. Database names come from the tests, never from input.
 */
public final class StarterDatabase {
  private static final Set<String> CREATED = new HashSet<>();
  private static EmbeddedPostgres server;

  private StarterDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** Creates {@code <prefix>_<tenant>} for each tenant, once per JVM. */
  public static synchronized void create(String prefix, List<String> tenants) {
    try (Connection admin = admin(); Statement s = admin.createStatement()) {
      for (String tenant : tenants) {
        String database = prefix + "_" + tenant;
        if (CREATED.add(database)) {
          s.execute("CREATE DATABASE " + database);
          try (Connection c = connect(prefix, tenant); Statement t = c.createStatement()) {
            t.execute("CREATE TABLE tenant_info (name text NOT NULL)");
            t.execute("INSERT INTO tenant_info VALUES ('" + tenant + "')");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the tenant databases of " + prefix, e);
    }
  }

  /** {@code jdbc:tenantpool:postgresql://localhost:<port>/<prefix>_{tenant}}. */
  public static String url(String prefix) {
    return "jdbc:tenantpool:postgresql://localhost:" + server().getPort() + "/" + prefix + "_{tenant}";
  }

  /** Creates the databases and points spring.datasource at them. */
  public static void register(DynamicPropertyRegistry registry, String prefix, List<String> tenants) {
    create(prefix, tenants);
    registry.add("spring.datasource.url", () -> url(prefix));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  public static Connection admin() throws SQLException {
    return DriverManager.getConnection(server().getJdbcUrl("postgres", "postgres"));
  }

  /** A plain connection to {@code tenant}'s database, behind the application's back. */
  public static Connection connect(String prefix, String tenant) throws SQLException {
    return DriverManager.getConnection(server().getJdbcUrl("postgres", prefix + "_" + tenant));
  }

  /** The strings of {@code sql}'s first column in {@code tenant}'s database. */
  public static List<String> query(String prefix, String tenant, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = connect(prefix, tenant); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** Whether {@code tenant}'s database has {@code table}. */
  public static boolean hasTable(String prefix, String tenant, String table) throws SQLException {
    try (Connection c = connect(prefix, tenant); PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /**
   * Takes {@code tenant}'s database away: it accepts no new connection (SQLState 55000) and its
   * backends are terminated, as in a failover. {@link #bringBack} reverses it.
   */
  public static void takeDown(String prefix, String tenant) throws SQLException {
    String database = prefix + "_" + tenant;
    try (Connection admin = admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }
  }

  public static void bringBack(String prefix, String tenant) throws SQLException {
    try (Connection admin = admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + prefix + "_" + tenant + " ALLOW_CONNECTIONS true");
    }
  }
}
