package dev.tenantpool.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What pgJDBC's own settings do against a database that accepts connections and never answers
 * (a {@link FaultProxy} blackhole). TenantPool bounds the wait for a connection itself; everything
 * else rests on these settings, so the README's advice is pinned here: if a pgJDBC upgrade
 * changes a behaviour, this test says so.
 */
class PgJdbcTimeoutsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String DATABASE = "pgjdbc_t0";
  private static final Duration HANG_PROOF = Duration.ofSeconds(3);

  @BeforeAll
  static void createDatabase() {
    DB.tenants("pgjdbc", 1);
  }

  private static Properties settings(String... keysAndValues) {
    Properties properties = new Properties();
    properties.setProperty("user", DB.user());
    properties.setProperty("password", DB.password());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  private static CompletableFuture<Object> later(SqlCall call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @FunctionalInterface
  private interface SqlCall {
    Object run() throws SQLException;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static int connectThreads() {
    int alive = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("PostgreSQL JDBC driver connection thread")) {
        alive++;
      }
    }
    return alive;
  }

  @Test
  void withoutSocketTimeoutNothingBoundsAHangingDatabase() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB);
        Connection forQuery = DriverManager.getConnection(proxy.postgresUrl(DATABASE), settings());
        Connection forTimedQuery = DriverManager.getConnection(proxy.postgresUrl(DATABASE), settings())) {
      proxy.blackhole();
      String url = proxy.postgresUrl(DATABASE);
      Map<String, CompletableFuture<Object>> calls = new LinkedHashMap<>();
      calls.put("connect, defaults", later(() -> DriverManager.getConnection(url, settings())));
      calls.put("connect, connectTimeout=1", later(() -> DriverManager.getConnection(url, settings("connectTimeout", "1"))));
      calls.put("connect, tcpKeepAlive=true", later(() -> DriverManager.getConnection(url, settings("tcpKeepAlive", "true"))));
      calls.put("query, defaults", later(() -> {
        try (Statement s = forQuery.createStatement()) {
          return s.execute("SELECT 1");
        }
      }));
      calls.put("query, setQueryTimeout(1)", later(() -> {
        try (Statement s = forTimedQuery.createStatement()) {
          s.setQueryTimeout(1);
          return s.execute("SELECT 1");
        }
      }));

      TimeUnit.MILLISECONDS.sleep(HANG_PROOF.toMillis());

      calls.forEach((name, call) -> assertThat(call).as(name + " still waiting after " + HANG_PROOF).isNotDone());

      // Only closing their sockets ends them (closing a connection would wait for its hung query).
      proxy.close();
      CompletableFuture.allOf(calls.values().toArray(new CompletableFuture<?>[0]))
          .exceptionally(failure -> null)
          .get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void socketTimeoutBoundsAConnectAndPreferredTlsDoublesIt() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      proxy.blackhole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> DriverManager.getConnection(proxy.postgresUrl(DATABASE),
          settings("socketTimeout", "1", "sslmode", "disable")))
          .isInstanceOf(SQLException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
      long withoutTls = millisSince(start);

      start = System.nanoTime();
      assertThatThrownBy(() -> DriverManager.getConnection(proxy.postgresUrl(DATABASE),
          settings("socketTimeout", "1", "sslmode", "prefer")))
          .isInstanceOf(SQLException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
      long preferringTls = millisSince(start);

      System.out.printf("blackholed connect: socketTimeout=1 fails after %d ms with sslmode=disable, %d ms with prefer%n",
          withoutTls, preferringTls);
      assertThat(withoutTls).isBetween(1_000L, 1_900L);
      // pgJDBC 42.7.14 lets the TLS request time out, then repeats the whole attempt without TLS;
      // 42.7.8 (what Spring Boot 4.0.0 pins, run by the oldest-versions module) gives up after one.
      if (org.postgresql.util.DriverInfo.MINOR_VERSION > 7 || org.postgresql.util.DriverInfo.PATCH_VERSION >= 14) {
        assertThat(preferringTls).isGreaterThanOrEqualTo(2_000L);
      } else {
        assertThat(preferringTls).isBetween(1_000L, 3_900L);
      }
    }
  }

  @Test
  void socketTimeoutBoundsAQueryAndTheDriverClosesTheConnection() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB);
        Connection c = DriverManager.getConnection(proxy.postgresUrl(DATABASE), settings("socketTimeout", "1"))) {
      proxy.blackhole();
      long start = System.nanoTime();
      assertThatThrownBy(() -> {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      })
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(1_000L);
      assertThat(c.isClosed()).isTrue();
    }
  }

  @Test
  void loginTimeoutReturnsOnTimeButLeavesItsConnectionThreadBlocked() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      proxy.blackhole();
      int before = connectThreads();
      long start = System.nanoTime();
      assertThatThrownBy(() -> DriverManager.getConnection(proxy.postgresUrl(DATABASE), settings("loginTimeout", "1")))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("timed out")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
      assertThat(millisSince(start)).isBetween(1_000L, 1_900L);
      assertThat(connectThreads()).as("the abandoned attempt's thread").isEqualTo(before + 1);
    }
  }

  @Test
  void isValidAnswersFalseWithinItsTimeout() throws Exception {
    // What HikariCP relies on to find a hanging connection before it lends it.
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB);
        Connection c = DriverManager.getConnection(proxy.postgresUrl(DATABASE), settings())) {
      proxy.blackhole();
      long start = System.nanoTime();
      assertThat(c.isValid(1)).isFalse();
      assertThat(millisSince(start)).isBetween(1_000L, 1_900L);
    }
  }
}
