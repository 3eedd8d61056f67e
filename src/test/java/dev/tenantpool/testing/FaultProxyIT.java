package dev.tenantpool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultProxyIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String DATABASE = "fproxy_t0";
  private static final DatabaseFaults FAULTS = new DatabaseFaults(DB);

  @BeforeAll
  static void createDatabase() {
    DB.tenants("fproxy", 1);
  }

  private static Connection connect(FaultProxy proxy, int socketTimeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", DB.user());
    properties.setProperty("password", DB.password());
    properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
    return DriverManager.getConnection(proxy.postgresUrl(DATABASE), properties);
  }

  private static String tenantOf(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void passesConnectionsAndQueriesThroughToTheServer() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); Connection c = connect(proxy, 0)) {
      assertThat(tenantOf(c)).isEqualTo("t0");
      assertThat(proxy.acceptedConnections()).isEqualTo(1);
      assertThat(proxy.openConnections()).isEqualTo(1);
      assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.PASS);
    }
  }

  @Test
  void refuseRejectsConnectsAtOnceAndKillsLiveConnections() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); Connection live = connect(proxy, 0)) {
      proxy.refuse();

      assertThatThrownBy(() -> tenantOf(live))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .asString().startsWith("08");
      assertThat(refusesRawConnects(proxy)).as("a plain TCP connect to the refusing proxy is refused").isTrue();
      assertThatThrownBy(() -> connect(proxy, 0))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("refused")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("08001");
      assertThat(proxy.openConnections()).isZero();
    }
  }

  /**
   * Whether a TCP connect to the proxy's port is refused. Its port is free while it refuses, and a
   * connect from loopback to a free port in the ephemeral range can land on that very port as its
   * own source and connect to itself (TCP simultaneous open; CI saw it once): such a connection is
   * nobody accepting, so it is tried again.
   */
  private static boolean refusesRawConnects(FaultProxy proxy) throws IOException {
    for (int attempt = 0; attempt < 5; attempt++) {
      try (Socket raw = new Socket()) {
        raw.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5_000);
        if (raw.getLocalPort() != proxy.port()) {
          return false; // something listens there
        }
      } catch (ConnectException refused) {
        return true;
      }
    }
    return false;
  }

  @Test
  void passAfterRefuseListensOnTheSamePortAgain() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      int port = proxy.port();
      proxy.refuse();
      proxy.pass();
      try (Connection c = connect(proxy, 0)) {
        assertThat(tenantOf(c)).isEqualTo("t0");
      }
      assertThat(proxy.port()).isEqualTo(port);
    }
  }

  @Test
  void blackholeStallsLiveConnectionsUntilTheirSocketTimeout() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); Connection live = connect(proxy, 1)) {
      assertThat(tenantOf(live)).isEqualTo("t0");
      proxy.blackhole();

      long start = System.nanoTime();
      assertThatThrownBy(() -> tenantOf(live))
          .isInstanceOf(SQLException.class)
          .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("08006");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(1_000);
    }
  }

  @Test
  void blackholeAcceptsConnectsButNeverAnswersThem() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      proxy.blackhole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> connect(proxy, 1))
          .isInstanceOf(SQLException.class)
          .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(1_000);
      assertThat(proxy.acceptedConnections()).isGreaterThanOrEqualTo(1);
      // Nothing was forwarded, so the server never saw a connection.
      assertThat(FAULTS.backends(DATABASE)).isZero();
    }
  }

  @Test
  void blackholeHoldsBytesThatFlowAgainWhenItIsLifted() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); Connection live = connect(proxy, 0)) {
      proxy.blackhole();
      CompletableFuture<String> query = CompletableFuture.supplyAsync(() -> {
        try {
          return tenantOf(live);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300);
      assertThat(query).isNotDone();

      proxy.pass();
      assertThat(query.get(10, TimeUnit.SECONDS)).isEqualTo("t0");
    }
  }

  @Test
  void delayAddsLatencyInEachDirection() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); Connection c = connect(proxy, 0)) {
      proxy.delay(Duration.ofMillis(150));
      long start = System.nanoTime();
      assertThat(tenantOf(c)).isEqualTo("t0");
      // Request and response are each held 150 ms: at least 300 ms in all.
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(300);
      assertThat(proxy.delay()).isEqualTo(Duration.ofMillis(150));

      proxy.pass();
      assertThat(tenantOf(c)).isEqualTo("t0");
    }
  }

  @Test
  void closeEndsEveryThreadAndConnection() throws Exception {
    FaultProxy proxy = FaultProxy.inFrontOf(DB);
    Connection first = connect(proxy, 0);
    Connection second = connect(proxy, 0);
    proxy.blackhole();
    // A connect stuck in the blackhole holds its own thread.
    try (Socket stuck = new Socket(proxy.host(), proxy.port())) {
      stuck.getOutputStream().write(new byte[] {0, 0, 0, 8, 4, (byte) 210, 22, 47});
      assertThat(proxy.liveThreads()).isGreaterThanOrEqualTo(5);

      proxy.close();

      assertThat(proxy.liveThreads()).isZero();
      assertThat(proxy.openConnections()).isZero();
      assertThat(first.isValid(2)).isFalse();
      assertThat(second.isValid(2)).isFalse();
      assertThat(FAULTS.awaitBackends(DATABASE, 0, Duration.ofSeconds(10))).isZero();
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void refusesToSwitchModesOnceClosed() {
    FaultProxy proxy = FaultProxy.inFrontOf(DB);
    proxy.close();
    assertThatThrownBy(proxy::pass).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
