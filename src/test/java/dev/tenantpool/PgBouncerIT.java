package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.PgBouncerProcess;
import dev.tenantpool.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TenantPool behind a real PgBouncer in transaction mode, in front of the test PostgreSQL on a
 * loopback port. Runs where the {@code pgbouncer} binary exists (Debian: {@code apt-get install
 * pgbouncer}); skipped with that reason elsewhere.
 */
class PgBouncerIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "pgb";
  private static final int SERVER_POOL_SIZE = 2;
  private static PgBouncerProcess bouncer;
  private static int port;

  @BeforeAll
  static void startPgBouncer() throws Exception {
    Path binary = PgBouncerProcess.binary();
    Assumptions.assumeTrue(binary != null, PgBouncerProcess.MISSING);
    DB.tenants(PREFIX, 3);
    bouncer = PgBouncerProcess.start(binary, DB, "default_pool_size = " + SERVER_POOL_SIZE, "max_client_conn = 100");
    port = bouncer.port();
  }

  @AfterAll
  static void stopPgBouncer() throws Exception {
    if (bouncer != null) {
      bouncer.close();
    }
  }

  private static TenantPoolDataSource dataSource() {
    return TenantPoolDataSource.builder()
        // prepareThreshold=0: pgJDBC never creates named server-side prepared statements, which a
        // transaction-mode PgBouncer before 1.21 (max_prepared_statements) cannot follow.
        .url("jdbc:tenantpool:postgresql://127.0.0.1:" + port + "/" + PREFIX + "_{tenant}?prepareThreshold=0")
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.maximumPoolSize", "6")
        .build();
  }

  @Test
  void routesEachTenantThroughPgBouncerWithFewerServerConnectionsThanClientOnes() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource()) {
      for (String tenant : List.of("t0", "t1", "t2")) {
        List<Connection> held = new ArrayList<>();
        try {
          for (int i = 0; i < 6; i++) {
            Connection c = dataSource.getConnection(tenant);
            held.add(c);
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM tenant_info WHERE name = ?")) {
              // More executions than pgJDBC's default prepareThreshold (5): with named statements this
              // would fail once PgBouncer hands the next transaction another server connection.
              for (int run = 0; run < 10; run++) {
                s.setString(1, tenant);
                try (ResultSet rs = s.executeQuery()) {
                  assertThat(rs.next()).isTrue();
                  assertThat(rs.getString(1)).isEqualTo(tenant);
                }
              }
            }
          }
          // Six TenantPool connections are open and idle between transactions; PgBouncer serves
          // them with at most default_pool_size server connections.
          assertThat(serverConnections(PREFIX + "_" + tenant)).isBetween(1, SERVER_POOL_SIZE);
          assertThat(dataSource.stats(tenant).total()).isEqualTo(6);
        } finally {
          for (Connection c : held) {
            c.close();
          }
        }
      }
    }
  }

  @Test
  void keepsOneServerConnectionForTheWholeOfATransaction() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource(); Connection c = dataSource.getConnection("t1")) {
      c.setAutoCommit(false);
      int first = pid(c);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_sleep(0.05)");
      }
      assertThat(pid(c)).isEqualTo(first);
      c.commit();
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int serverConnections(String database) throws SQLException {
    try (Connection admin = DB.admin(); PreparedStatement s = admin.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
