package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.FaultProxy;
import dev.tenantpool.testing.TenantProxies;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A database that accepts the TCP connection and then never answers (a frozen server, a
 * blackholing middlebox), with pgJDBC's default timeouts: socketTimeout=0 and loginTimeout=0 mean
 * the driver itself waits forever. TenantPool must still hand every caller an answer within
 * tenantpool.connectionTimeout.
 */
// Without the bound under test, a call below never returns: fail instead of hanging the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HangingDatabaseIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final long CONNECTION_TIMEOUT_MS = 1_000;

  private TenantProxies proxies;
  private TenantPoolDataSource dataSource;

  @BeforeAll
  static void createTenants() {
    DB.tenants("hang", 2);
  }

  @BeforeEach
  void openDataSource() {
    proxies = new TenantProxies(DB, "hang");
    // Deliberately no pgJDBC timeouts: the driver's defaults.
    dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("hang_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("socketFactory", TenantProxies.socketFactoryClass())
        .property("tenantpool.connectionTimeout", Long.toString(CONNECTION_TIMEOUT_MS))
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.breaker.minimumCalls", "2")
        .property("tenantpool.breaker.slidingWindowSize", "2")
        .property("tenantpool.shutdownTimeout", "0")
        .build();
  }

  @AfterEach
  void close() {
    // Lifting the blackhole lets abandoned connection attempts finish, so nothing stays stuck.
    proxies.close();
    dataSource.close();
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void theFirstConnectionOfAHangingTenantFailsWithinConnectionTimeout() throws Exception {
    proxies.of("t0").blackhole();

    long start = System.nanoTime();
    CompletableFuture<Connection> first = CompletableFuture.supplyAsync(() -> {
      try {
        return dataSource.getConnection("t0");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    // Before the fix this call never returned: the first connection was opened on the caller's
    // thread with no bound at all.
    assertThat(first).failsWithin(Duration.ofMillis(CONNECTION_TIMEOUT_MS * 3))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingRootCause()
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(CONNECTION_TIMEOUT_MS);
    assertThatThrownBy(() -> dataSource.getConnection("t0"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("tenant t0")
        .hasMessageContaining("tenantpool.connectionTimeout")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("TP006");
  }

  @Test
  void aHangingTenantOpensItsCircuitAndTheOthersKeepServing() throws Exception {
    proxies.of("t0").blackhole();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> dataSource.getConnection("t0")).isInstanceOf(SQLException.class);
    }
    assertThat(dataSource.circuitState("t0")).isEqualTo(CircuitState.OPEN);
    long start = System.nanoTime();
    assertThatThrownBy(() -> dataSource.getConnection("t0")).isInstanceOf(CircuitOpenException.class);
    assertThat(millisSince(start)).isLessThan(CONNECTION_TIMEOUT_MS);

    try (Connection healthy = dataSource.getConnection("t1")) {
      assertThat(healthy.isValid(1)).isTrue();
    }
  }

  @Test
  void aTenantWhoseLiveConnectionsHangIsBoundedByConnectionTimeoutToo() throws Exception {
    FaultProxy proxy = proxies.of("t0");
    try (Connection warm = dataSource.getConnection("t0")) {
      assertThat(warm.isValid(1)).isTrue();
    }
    proxy.blackhole();
    Thread.sleep(600); // past HikariCP's 500 ms window in which an idle connection is lent unchecked

    long start = System.nanoTime();
    assertThatThrownBy(() -> dataSource.getConnection("t0"))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("TP006");
    assertThat(millisSince(start)).isBetween(CONNECTION_TIMEOUT_MS, CONNECTION_TIMEOUT_MS * 3);
  }

  /**
   * HikariCP hands its login timeout to the data source it opens connections through, and
   * expects attempts to honour it. One that hangs (pgJDBC's defaults wait forever) must be given
   * up, or the pool's one connection-adding thread stays stuck and the pool never grows again,
   * even after the server answers.
   */
  @Test
  void aPoolWhoseNewConnectionHungGetsConnectionsAgainOnceTheServerAnswers() throws Exception {
    FaultProxy proxy = proxies.of("t1");
    try (TenantPoolDataSource noBreaker = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("hang_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("socketFactory", TenantProxies.socketFactoryClass())
        .property("tenantpool.connectionTimeout", Long.toString(CONNECTION_TIMEOUT_MS))
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.breaker.enabled", "false")
        .property("tenantpool.shutdownTimeout", "0")
        .build();
        Connection held = noBreaker.getConnection("t1")) {
      proxy.blackhole();
      // The pool must open a second connection; the attempt hangs.
      assertThatThrownBy(() -> noBreaker.getConnection("t1"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("TP006");
      proxy.pass();
      long start = System.nanoTime();
      try (Connection second = noBreaker.getConnection("t1")) {
        assertThat(second.isValid(1)).isTrue();
      }
      assertThat(millisSince(start)).isLessThan(CONNECTION_TIMEOUT_MS * 2);
    }
  }
}
