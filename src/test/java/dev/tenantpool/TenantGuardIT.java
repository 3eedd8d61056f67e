package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tenant guard: a connection of tenant A is refused while TenantContext says tenant B. */
class TenantGuardIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static TenantPoolDataSource guarded;
  private static TenantPoolDataSource unguarded;

  @BeforeAll
  static void createTenants() {
    DB.tenants("guard", 3);
    guarded = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("guard_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build();
    unguarded = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("guard_{tenant}?tenantpool.tenantGuard=false"))
        .username(DB.user())
        .password(DB.password())
        .build();
  }

  @AfterAll
  static void close() {
    guarded.close();
    unguarded.close();
  }

  private static String tenantOf(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void assertRefused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(SQLException.class)
        .hasMessageContaining("connection of tenant t0 used while TenantContext is t1")
        .hasMessageContaining("tenantpool.tenantGuard=false")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP003"));
  }

  @Test
  void aConnectionOfOneTenantIsRefusedInsideAnotherTenantsScope() throws SQLException {
    try (TenantContext.Scope a = TenantContext.use("t0"); Connection c = guarded.getConnection()) {
      Statement early = c.createStatement();
      PreparedStatement prepared = c.prepareStatement("SELECT name FROM tenant_info");
      try (TenantContext.Scope b = TenantContext.use("t1")) {
        // Creating a statement sends nothing the tenant's data could answer: the guard is where
        // SQL is executed, so a statement made here is refused at its first execution.
        try (Statement late = c.createStatement();
            PreparedStatement latePrepared = c.prepareStatement("SELECT 1");
            CallableStatement lateCall = c.prepareCall("{call now()}")) {
          assertRefused(() -> late.executeQuery("SELECT name FROM tenant_info"));
          assertRefused(latePrepared::executeQuery);
          assertRefused(lateCall::execute);
        }
        assertRefused(() -> early.executeQuery("SELECT name FROM tenant_info"));
        assertRefused(() -> early.execute("SELECT 1"));
        assertRefused(prepared::executeQuery);
      }
      assertThat(tenantOf(c)).as("back in its own scope the connection works").isEqualTo("t0");
      try (ResultSet rs = prepared.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("t0");
      }
      early.close();
      prepared.close();
    }
  }

  @Test
  void aConnectionOutsideAnyScopeIsNotRefused() throws SQLException {
    try (Connection c = guarded.getConnection("t0")) {
      assertThat(tenantOf(c)).isEqualTo("t0");
    }
  }

  @Test
  void theGuardCanBeTurnedOffAndThenTheConnectionStaysWithItsOwnTenant() throws SQLException {
    try (TenantContext.Scope a = TenantContext.use("t0"); Connection c = unguarded.getConnection()) {
      try (TenantContext.Scope b = TenantContext.use("t1")) {
        assertThat(tenantOf(c)).as("no rerouting: the connection still reaches t0").isEqualTo("t0");
      }
    }
  }

  // Where "the call's tenant wins" meets "the guard refuses a connection of another tenant".

  @Test
  void aTenantAskedForByNameInsideAnotherTenantsScopeIsThatTenantsAndWorksThere() throws SQLException {
    try (TenantContext.Scope a = TenantContext.use("t0")) {
      try (Connection c = guarded.getConnection("t1")) {
        assertThat(tenantOf(c)).isEqualTo("t1");
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM tenant_info"); ResultSet rs = p.executeQuery()) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("t1");
        }
      }
      try (Connection c = guarded.forTenant("t1").getConnection()) {
        assertThat(tenantOf(c)).as("a tenant-bound view is a call by name too").isEqualTo("t1");
      }
      java.util.Properties info = new java.util.Properties();
      info.setProperty("user", DB.user());
      info.setProperty("password", DB.password());
      info.setProperty("tenantpool.tenant", "t1");
      try (Connection c = java.sql.DriverManager.getConnection(DB.tenantPoolUrl("guard_{tenant}"), info)) {
        assertThat(tenantOf(c)).as("the tenantpool.tenant property of a DriverManager call").isEqualTo("t1");
      } finally {
        TenantPoolDriver.closeAll();
      }
    }
  }

  @Test
  void theSameConnectionIsRefusedWhenItTurnsUpUnderAThirdTenantsContext() throws SQLException {
    try (TenantContext.Scope a = TenantContext.use("t0"); Connection c = guarded.getConnection("t1")) {
      try (TenantContext.Scope own = TenantContext.use("t1")) {
        assertThat(tenantOf(c)).as("under its own tenant's context").isEqualTo("t1");
      }
      try (TenantContext.Scope third = TenantContext.use("t2")) {
        assertThatThrownBy(() -> tenantOf(c)).isInstanceOf(SQLException.class)
            .hasMessageContaining("connection of tenant t1 (asked for by name inside tenant t0's scope) used while TenantContext is t2")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP003"));
      }
      assertThat(tenantOf(c)).as("back in the scope it was asked in").isEqualTo("t1");
    }
  }

  @Test
  void aConnectionAskedForByNameOutsideAnyScopeIsRefusedInsideAnotherTenantsScope() throws SQLException {
    try (Connection c = guarded.getConnection("t1")) {
      try (TenantContext.Scope other = TenantContext.use("t0")) {
        assertThatThrownBy(() -> tenantOf(c)).isInstanceOf(SQLException.class)
            .hasMessageContaining("connection of tenant t1 used while TenantContext is t0")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP003"));
      }
    }
  }

  @Test
  void transactionControlAndMetadataQueriesPassTheGuardToo() throws SQLException {
    try (TenantContext.Scope a = TenantContext.use("t0"); Connection c = guarded.getConnection()) {
      c.setAutoCommit(false);
      java.sql.DatabaseMetaData meta = c.getMetaData();
      try (TenantContext.Scope b = TenantContext.use("t1")) {
        assertRefused(c::commit);
        assertRefused(c::rollback);
        assertRefused(c::setSavepoint);
        assertRefused(c::getMetaData);
        assertRefused(() -> meta.getTables(null, null, "%", null));
      }
      c.rollback();
      c.setAutoCommit(true);
    }
  }
}
