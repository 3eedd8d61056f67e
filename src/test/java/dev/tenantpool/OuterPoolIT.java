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
import java.util.concurrent.TimeUnit;
import dev.tenantpool.testing.LogCapture;
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
    DB.tenants("outer", 3);
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

  /**
   * What a URL swap gives a Spring Boot user: Boot's HikariCP (10 connections, all kept idle)
   * around a tenant pool of 5. The outer pool keeps asking for connections the tenant's pool
   * cannot give; those waits are the pool being busy, not the database failing, so the circuit of
   * the healthy database stays closed and the application keeps working on the five it has.
   */
  @Test
  void anOuterPoolLargerThanTheTenantsPoolNeverOpensTheCircuitOfAHealthyDatabase() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setPoolName("outer-pool-sizes-it");
    // Small waits and a small breaker window, so that the failures which used to open the
    // circuit (one per refused top-up of the outer pool) pile up within seconds.
    config.setJdbcUrl(DB.tenantPoolUrl("outer_{tenant}?tenantpool.defaultTenant=t2&tenantpool.maximumPoolSize=5"
        + "&tenantpool.connectionTimeout=250&tenantpool.breaker.minimumCalls=4&tenantpool.breaker.slidingWindowSize=8"));
    config.setUsername(DB.user());
    config.setPassword(DB.password());
    config.setMaximumPoolSize(10); // Spring Boot's defaults
    config.setMinimumIdle(10);
    config.setConnectionTimeout(1_000);
    assertThat(LogCapture.installed()).as("the circuit log is read below").isTrue();
    try (LogCapture logs = LogCapture.start(); HikariDataSource outer = new HikariDataSource(config)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      int queries = 0;
      while (System.nanoTime() - deadline < 0) {
        try (Connection c = outer.getConnection()) {
          assertThat(tenantOf(c)).isEqualTo("t2");
          queries++;
        }
        Thread.sleep(50);
      }
      assertThat(queries).isPositive();
      assertThat(outer.getHikariPoolMXBean().getTotalConnections()).as("the tenant's pool gave all it has").isEqualTo(5);
      // Every transition is logged on dev.tenantpool.circuit (the only record a DriverManager user has).
      assertThat(logs.events()).as("a busy pool is no reason to take the database offline")
          .noneMatch(e -> e.logger().equals("dev.tenantpool.circuit") && e.message().contains("tenant t2"));
      assertThat(OuterPoolDetector.reported()).contains("HikariCP");
    }
  }
}
