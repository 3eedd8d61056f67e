package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Code that only knows JDBC (a hand-written template, a query builder handed a Connection) needs
 * nothing from TenantPool but the URL and a tenant: no TenantPool type appears below apart from
 * TenantContext.
 */
class PlainJdbcIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static String url;

  @BeforeAll
  static void createTenants() throws SQLException {
    for (String tenant : DB.tenants("plain", 2)) {
      try (Connection c = DB.connect("plain_" + tenant); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS item (id serial PRIMARY KEY, name text NOT NULL)");
        s.execute("TRUNCATE item");
      }
    }
    url = DB.tenantPoolUrl("plain_{tenant}");
  }

  @AfterAll
  static void closeDriverPools() {
    TenantPoolDriver.closeAll();
  }

  /** A tiny JDBC "template" of the kind applications write: open, run, map, close. */
  static List<String> names(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM item ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  static void insertAll(Connection connection, String... names) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO item (name) VALUES (?)",
        Statement.RETURN_GENERATED_KEYS)) {
      for (String name : names) {
        ps.setString(1, name);
        ps.addBatch();
      }
      ps.executeBatch();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
      }
      connection.commit();
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Test
  void batchesTransactionsAndGeneratedKeysWorkPerTenantThroughDriverManager() throws Exception {
    try (TenantContext.Scope scope = TenantContext.use("t0");
        Connection c = DriverManager.getConnection(url, DB.user(), DB.password())) {
      insertAll(c, "apple", "pear");
    }
    // The per-call property names the tenant without any context.
    Properties properties = new Properties();
    properties.setProperty("user", DB.user());
    properties.setProperty("password", DB.password());
    properties.setProperty("tenantpool.tenant", "t1");
    try (Connection c = DriverManager.getConnection(url, properties)) {
      insertAll(c, "plum");
      assertThat(names(c)).containsExactly("plum");
    }
    try (TenantContext.Scope scope = TenantContext.use("t0");
        Connection c = DriverManager.getConnection(url, DB.user(), DB.password())) {
      assertThat(names(c)).containsExactly("apple", "pear");
    }
  }
}
