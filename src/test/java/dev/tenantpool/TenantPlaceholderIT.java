package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code {tenant}} anywhere in the target URL and in property values: database per tenant,
 * schema per tenant ({@code currentSchema={tenant}}), login per tenant ({@code user={tenant}_app}).
 */
class TenantPlaceholderIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String SHARED = "plch_shared";
  private static final List<String> TENANTS = List.of("alpha", "beta");

  @BeforeAll
  static void createSchemasAndRoles() throws SQLException {
    DB.requirePasswords();
    DB.createTenantDatabases("plch", TENANTS);
    try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
      DB.freshDatabase(SHARED);
      for (String tenant : TENANTS) {
        s.execute("DROP ROLE IF EXISTS " + tenant + "_app");
        s.execute("CREATE ROLE " + tenant + "_app LOGIN PASSWORD 'pw-" + tenant + "'");
      }
    }
    try (Connection c = DB.connect(SHARED); Statement s = c.createStatement()) {
      for (String tenant : TENANTS) {
        s.execute("CREATE SCHEMA " + tenant);
        s.execute("CREATE TABLE " + tenant + ".tenant_info (name text NOT NULL)");
        s.execute("INSERT INTO " + tenant + ".tenant_info VALUES ('" + tenant + "')");
        s.execute("GRANT CONNECT ON DATABASE " + SHARED + " TO " + tenant + "_app");
        s.execute("GRANT USAGE ON SCHEMA " + tenant + " TO " + tenant + "_app");
        s.execute("GRANT SELECT ON " + tenant + ".tenant_info TO " + tenant + "_app");
      }
    }
  }

  @AfterAll
  static void closePools() {
    TenantPoolDriver.closeAll();
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void placeholderInTheDatabaseNameSelectsTheTenantsDatabase() throws SQLException {
    String url = DB.tenantPoolUrl("plch_{tenant}");
    for (String tenant : TENANTS) {
      try (TenantContext.Scope scope = TenantContext.use(tenant);
          Connection c = DriverManager.getConnection(url, DB.user(), DB.password())) {
        assertThat(one(c, "SELECT current_database()")).isEqualTo("plch_" + tenant);
        assertThat(one(c, "SELECT name FROM tenant_info")).isEqualTo(tenant);
      }
    }
  }

  @Test
  void placeholderInCurrentSchemaGivesEachTenantItsOwnSchema() throws SQLException {
    String url = DB.tenantPoolUrl(SHARED + "?currentSchema={tenant}");
    for (String tenant : TENANTS) {
      try (TenantContext.Scope scope = TenantContext.use(tenant);
          Connection c = DriverManager.getConnection(url, DB.user(), DB.password())) {
        assertThat(one(c, "SELECT current_schema()")).isEqualTo(tenant);
        assertThat(one(c, "SELECT name FROM tenant_info")).isEqualTo(tenant);
        assertThat(c.getSchema()).isEqualTo(tenant);
      }
    }
  }

  @Test
  void placeholderInTheUserAndInPropertyValuesLogsInAsTheTenantsRole() throws SQLException {
    // user from the URL query, password and application name from Properties: all per tenant.
    String url = DB.tenantPoolUrl(SHARED + "?user={tenant}_app&currentSchema={tenant}");
    Properties info = new Properties();
    info.setProperty("password", "pw-{tenant}");
    info.setProperty("ApplicationName", "app-{tenant}");
    for (String tenant : TENANTS) {
      try (TenantContext.Scope scope = TenantContext.use(tenant);
          Connection c = DriverManager.getConnection(url, info)) {
        assertThat(one(c, "SELECT current_user")).isEqualTo(tenant + "_app");
        assertThat(one(c, "SELECT current_setting('application_name')")).isEqualTo("app-" + tenant);
        assertThat(one(c, "SELECT name FROM tenant_info")).isEqualTo(tenant);
      }
    }
  }

  @Test
  void placeholderInTheBuildersUsernameAndPasswordWorksForTheDataSource() throws SQLException {
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(SHARED + "?currentSchema={tenant}"))
        .username("{tenant}_app")
        .password("pw-{tenant}")
        .build()) {
      for (String tenant : TENANTS) {
        try (Connection c = dataSource.getConnection(tenant)) {
          assertThat(one(c, "SELECT current_user")).isEqualTo(tenant + "_app");
          assertThat(one(c, "SELECT name FROM tenant_info")).isEqualTo(tenant);
        }
      }
    }
  }
}
