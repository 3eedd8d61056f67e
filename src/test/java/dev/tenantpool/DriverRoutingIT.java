package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriverRoutingIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static List<String> tenants;

  @BeforeAll
  static void createTenants() {
    tenants = DB.tenants("route", 3);
  }

  @AfterAll
  static void closePools() {
    TenantPoolDriver.closeAll();
  }

  static String tenantOf(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void routesEachTenantToItsOwnDatabaseThroughDriverManager() throws Exception {
    String url = DB.tenantPoolUrl("route_{tenant}");
    for (String tenant : tenants) {
      try (TenantContext.Scope scope = TenantContext.use(tenant);
          Connection c = DriverManager.getConnection(url, DB.user(), DB.password())) {
        assertThat(tenantOf(c)).isEqualTo(tenant);
      }
    }
  }

  @Test
  void refusesAConnectionWhenNoTenantIsKnown() {
    assertThatThrownBy(() -> DriverManager.getConnection(DB.tenantPoolUrl("route_{tenant}"), DB.user(), DB.password()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("TenantContext.use")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("TP001");
  }
}
