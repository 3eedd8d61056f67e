package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.BackendSampler;
import dev.tenantpool.testing.TenantLoad;
import dev.tenantpool.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordination server of a cluster budget restarts under load: a PostgreSQL of its own (the
 * tenants stay on the shared one), stopped with a fast shutdown, which ends every coordination
 * session and frees every session lock, and started again on the same port and data directory
 * with the members table as it was. Meanwhile both instances keep their shares (neither grows,
 * neither is counted gone); after it both register again within the grace the removal rule gives
 * them, and the shares follow demand again. The cap holds throughout, on the instances' own
 * budgets and on the tenant server.
 */
class ClusterCoordinationRestartIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "clrestart";
  private static final long HEARTBEAT_MS = 500;
  private static final int BUDGET = 10;
  private static List<String> tenants;
  private Path dataDirectory;
  private int port;
  private EmbeddedPostgres coordination;

  @BeforeAll
  static void databases() throws Exception {
    tenants = DB.tenants(PREFIX, 8);
  }

  @BeforeEach
  void startCoordinationServer() throws Exception {
    dataDirectory = Files.createTempDirectory("tenantpool-coordination");
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    coordination = start();
  }

  @AfterEach
  void removeCoordinationServer() throws IOException {
    if (coordination != null) {
      coordination.close();
    }
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Starts the coordination server; on the second call, the same server again (no initdb). */
  private EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("fsync", "off").start();
  }

  private String coordinationUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  private TenantPoolDataSource instance() {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.clusterBudget", Integer.toString(BUDGET))
        .property("tenantpool.cluster.url", coordinationUrl())
        .property("tenantpool.cluster.user", "postgres")
        .property("tenantpool.cluster.password", "postgres")
        .property("tenantpool.cluster.heartbeatInterval", Long.toString(HEARTBEAT_MS))
        .property("tenantpool.maximumPoolSize", "4")
        .property("tenantpool.connectionTimeout", "15000")
        .build();
  }

  private static int share(TenantPoolDataSource ds) {
    return ds.budgets().stream().mapToInt(TenantPoolDataSource.BudgetStats::max).sum();
  }

  @Test
  void sharesHoldThroughACoordinationServerRestartAndMoveAgainAfterIt() throws Exception {
    try (BackendSampler backends = new BackendSampler(DB, PREFIX);
        TenantPoolDataSource a = instance(); TenantPoolDataSource b = instance();
        TenantLoad loadA = new TenantLoad(a, tenants.subList(0, 4), 6);
        TenantLoad loadB = new TenantLoad(b, tenants.subList(4, 8), 6)) {
      Thread.sleep(6 * HEARTBEAT_MS);
      coordination.close(); // fast shutdown: every session ends, every lock is free
      coordination = null;
      // A heartbeat under way while the server shut down may still have moved a share; from the
      // next one on, every heartbeat fails at its connection and nothing moves.
      Thread.sleep(HEARTBEAT_MS);
      int keptA = share(a);
      int keptB = share(b);
      assertThat(keptA).isPositive();
      assertThat(keptB).isPositive();
      assertThat(keptA + keptB).isLessThanOrEqualTo(BUDGET);
      long down = System.nanoTime();
      while (System.nanoTime() - down < TimeUnit.MILLISECONDS.toNanos(8 * HEARTBEAT_MS)) {
        assertThat(share(a)).as("a's share while the coordination server is down").isEqualTo(keptA);
        assertThat(share(b)).as("b's share while the coordination server is down").isEqualTo(keptB);
        Thread.sleep(50);
      }

      coordination = start();
      long up = System.nanoTime();
      long backMs = -1;
      while (System.nanoTime() - up < TimeUnit.MILLISECONDS.toNanos(10 * HEARTBEAT_MS)) {
        assertThat(share(a) + share(b)).as("the shares after the restart").isLessThanOrEqualTo(BUDGET);
        if (rowsWrittenSinceStart() == 2) {
          backMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up);
          break;
        }
        Thread.sleep(50);
      }
      assertThat(backMs).as("ms until both instances wrote their rows again").isBetween(0L, 4 * HEARTBEAT_MS);
      assertThat(heldSum()).isLessThanOrEqualTo(BUDGET);

      // The shares move again: b goes idle, a gets what b gave up.
      loadB.stop();
      long idle = System.nanoTime();
      long movedMs = -1;
      while (System.nanoTime() - idle < TimeUnit.MILLISECONDS.toNanos(10 * HEARTBEAT_MS)) {
        assertThat(share(a) + share(b)).as("the shares while they move").isLessThanOrEqualTo(BUDGET);
        if (share(a) > keptA) {
          movedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idle);
          break;
        }
        Thread.sleep(50);
      }
      loadA.stop();
      int maxBackends = backends.stopAndMax();
      System.out.printf("cluster coordination restart: shares %d/%d kept while the server was down for %d ms more;"
              + " both rows back %d ms after it started again; a's share grew %d ms after b went idle (now %d/%d);"
              + " max backends %d of %d; %d + %d operations, %d failed%n",
          keptA, keptB, 8 * HEARTBEAT_MS, backMs, movedMs, share(a), share(b), maxBackends, BUDGET,
          loadA.operations(), loadB.operations(), loadA.failures() + loadB.failures());
      assertThat(movedMs).as("ms until a's share grew after b went idle").isBetween(0L, 6 * HEARTBEAT_MS);
      assertThat(loadA.failures() + loadB.failures()).isZero();
      assertThat(maxBackends).isLessThanOrEqualTo(BUDGET);
    }
  }

  /** Rows whose heartbeat the restarted server wrote. */
  private int rowsWrittenSinceStart() throws SQLException {
    return count("SELECT count(*) FROM tenantpool_cluster_members WHERE heartbeat >= pg_postmaster_start_time()");
  }

  private int heldSum() throws SQLException {
    return count("SELECT coalesce(sum(held), 0) FROM tenantpool_cluster_members");
  }

  private int count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(coordinationUrl(), "postgres", "postgres");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
