package dev.tenantpool.samples.invoices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An embedded PostgreSQL with one empty database per tenant, {@code <prefix>_acme} and
 * {@code <prefix>_globex}: what the application's URL template {@code shop_{tenant}} expects, with
 * a prefix of its own for each test class. Started once per JVM.
 */
final class LocalDatabase {
  static final List<String> TENANTS = List.of("acme", "globex");
  private static final Set<String> CREATED = new HashSet<>();
  private static EmbeddedPostgres server;

  private LocalDatabase() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
    }
    return server;
  }

  /** Creates the tenants' databases under {@code prefix} and returns the application's URL for them. */
  static synchronized String create(String prefix) {
    if (CREATED.add(prefix)) {
      try (Connection c = DriverManager.getConnection(server().getJdbcUrl("postgres", "postgres"));
          Statement s = c.createStatement()) {
        for (String tenant : TENANTS) {
          s.execute("CREATE DATABASE " + prefix + "_" + tenant);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("could not create the tenant databases of " + prefix, e);
      }
    }
    return "jdbc:tenantpool:postgresql://localhost:" + server().getPort() + "/" + prefix + "_{tenant}";
  }

  /** Points spring.datasource at the databases of {@code prefix}. */
  static void register(DynamicPropertyRegistry registry, String prefix) {
    String url = create(prefix);
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
  }

  /** The strings of {@code sql}'s first column in {@code tenant}'s database, read behind the application's back. */
  static List<String> query(String prefix, String tenant, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(server().getJdbcUrl("postgres", prefix + "_" + tenant));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
