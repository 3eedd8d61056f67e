package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The set-up DESIGN.md warns about: an application's own HikariCP pool around a
 * {@code jdbc:tenantpool:} URL. The outer pool keeps the connection it opened for one tenant and
 * lends it to a thread working for another; the driver warns when it sees the pool, and the tenant
 * guard refuses the cross-tenant use.
 */
class OuterPoolIT {
  private static final TestDatabase DB = TestDatabase.get();

  @BeforeAll
  static void createTenants() {
    DB.tenants("outer", 2);
  }

  @AfterAll
  static void closeDriverPools() {
    TenantPoolDriver.closeAll();
  }

  static String tenantOf(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void theTenantGuardCatchesAConnectionThatAnOuterPoolReusesAcrossTenants() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setPoolName("outer-pool-it");
    config.setJdbcUrl(DB.tenantPoolUrl("outer_{tenant}"));
    config.setUsername(DB.user());
    config.setPassword(DB.password());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    HikariDataSource outer;
    try (TenantContext.Scope scope = TenantContext.use("t0")) {
      // HikariCP opens its first connection right here, on this thread: a connection of t0.
      outer = new HikariDataSource(config);
    }
    try {
      assertThat(OuterPoolDetector.reported()).contains("HikariCP");

      try (TenantContext.Scope scope = TenantContext.use("t0"); Connection c = outer.getConnection()) {
        assertThat(tenantOf(c)).isEqualTo("t0");
      }
      try (TenantContext.Scope scope = TenantContext.use("t1"); Connection c = outer.getConnection()) {
        // The outer pool hands t1 the connection it cached for t0; the guard refuses to use it.
        assertThatThrownBy(() -> tenantOf(c))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("connection of tenant t0 used while TenantContext is t1")
            .extracting(e -> ((SQLException) e).getSQLState())
            .isEqualTo("TP003");
      }
    } finally {
      outer.close();
    }
  }
}
