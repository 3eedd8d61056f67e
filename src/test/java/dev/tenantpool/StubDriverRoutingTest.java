package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.stub.StubConnection;
import dev.tenantpool.testing.stub.StubDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing facts that need to see exactly what reaches the target driver, proven with the
 * in-process {@link StubDriver} (which records every connect). The same behaviour against the
 * real PostgreSQL is covered by the *IT classes.
 */
class StubDriverRoutingTest {
  private static final String URL = "jdbc:tenantpool:stub:{tenant}";

  private StubDriver driver;
  private final List<TenantPoolDataSource> dataSources = new ArrayList<>();

  @BeforeEach
  void installStub() {
    driver = StubDriver.install();
  }

  @AfterEach
  void closeAll() {
    dataSources.forEach(TenantPoolDataSource::close);
    TenantPoolDriver.closeAll();
    driver.reset();
  }

  private TenantPoolDataSource dataSource(TenantPoolDataSource.Builder builder) {
    TenantPoolDataSource dataSource = builder.build();
    dataSources.add(dataSource);
    return dataSource;
  }

  static List<String> invalidTenantIds() {
    return List.of("a'b", "../x", "x&user=evil", "", " ", "x".repeat(300), "a\u0000b", "line\nbreak",
        "tab\tbed", "-leading-dash", "semi;colon", "sp ace", "ünïcode", "x".repeat(64));
  }

  @Test
  void invalidTenantIdsNeverReachTheTargetDriver() {
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder().url(URL));
    for (String bad : invalidTenantIds()) {
      assertThatThrownBy(() -> dataSource.getConnection(bad))
          .as("tenant id %s", TenantRouterPrintable.of(bad))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
      Properties call = new Properties();
      call.setProperty("tenantpool.tenant", bad);
      assertThatThrownBy(() -> DriverManager.getConnection(URL, call))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
      if (!bad.isBlank()) {
        try (TenantContext.Scope scope = TenantContext.use(bad)) {
          assertThatThrownBy(dataSource::getConnection)
              .isInstanceOf(SQLException.class)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
        }
      }
    }
    assertThat(driver.connects()).as("connect attempts that reached the target driver").isZero();
    assertThat(dataSource.poolCount()).isZero();
  }

  @Test
  void invalidTenantMessagesAreShortAndPrintable() {
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder().url(URL));
    for (String bad : List.of("x".repeat(300), "a\u0000b\nc\u001b")) {
      assertThatThrownBy(() -> dataSource.getConnection(bad))
          .satisfies(e -> {
            assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\u0000", "\n", "\u001b");
            assertThat(e.getMessage()).contains("tenantpool.tenantPattern");
          });
    }
  }

  @Test
  void aCustomTenantPatternWidensWhatIsAccepted() throws SQLException {
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder().url(URL)
        .property("tenantpool.tenantPattern", "[a-z]+\\.[a-z]+"));
    try (Connection c = dataSource.getConnection("eu.acme")) {
      assertThat(c.unwrap(StubConnection.class).url()).isEqualTo("jdbc:stub:eu.acme");
    }
    assertThatThrownBy(() -> dataSource.getConnection("acme"))
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
  }

  @Test
  void targetDriverSeesNoTenantpoolKeysAndEveryPlaceholderFilledIn() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "{tenant}_app");
    info.setProperty("password", "pw-{tenant}");
    info.setProperty("ApplicationName", "app-{tenant}");
    info.setProperty("tenantpool.maximumPoolSize", "2");
    info.setProperty("tenantpool.tenant", "acme");
    String url = "jdbc:tenantpool:stub:{tenant}?schema={tenant}&tenantpool.minimumIdle=0&ssl=true"
        + "&tenantpool.connectionTimeout=3000";
    try (Connection c = DriverManager.getConnection(url, info)) {
      assertThat(((dev.tenantpool.proxy.TenantConnection) c).tenant()).isEqualTo("acme");
    }
    assertThat(driver.attempts()).hasSize(1);
    StubDriver.Attempt attempt = driver.attempts().get(0);
    assertThat(attempt.url()).isEqualTo("jdbc:stub:acme?schema=acme&ssl=true");
    assertThat(attempt.properties().stringPropertyNames())
        .containsExactlyInAnyOrder("user", "password", "ApplicationName");
    assertThat(attempt.properties().getProperty("user")).isEqualTo("acme_app");
    assertThat(attempt.properties().getProperty("password")).isEqualTo("pw-acme");
    assertThat(attempt.properties().getProperty("ApplicationName")).isEqualTo("app-acme");
  }

  @Test
  void sixtyFourThreadsAskingForANewTenantAtOnceCreateOnePool() throws Exception {
    driver.connectDelay(300); // a slow first connection keeps the creation window wide open
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder().url(URL)
        .property("tenantpool.maximumPoolSize", "3"));
    int threads = 64;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          try (Connection c = dataSource.getConnection("stampede")) {
            return c.unwrap(StubConnection.class).url();
          }
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("jdbc:stub:stampede");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(dataSource.poolCount()).isEqualTo(1);
    assertThat(driver.connects()).as("physical connections opened").isBetween(1, 3);
  }

  @Test
  void aFailedCreationIsReportedToEveryWaiterAndNotCached() throws Exception {
    driver.connectDelay(200);
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder()
        .url("jdbc:tenantpool:stub:{tenant}"));
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          go.await();
          try (Connection c = dataSource.getConnection("refuse")) {
            return "connected";
          } catch (SQLException e) {
            return e.getSQLState();
          }
        }));
      }
      go.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("08004");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(dataSource.poolCount()).isZero();
    int attempts = driver.connects();
    assertThat(attempts).as("one creation attempt per wave of waiters").isLessThan(threads);
    assertThatThrownBy(() -> dataSource.getConnection("refuse"))
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08004"));
    assertThat(driver.connects()).as("the next call tries again").isEqualTo(attempts + 1);
  }

  @Test
  void closeWaitsForALeasedConnectionToComeBackWithinTheShutdownTimeout() throws Exception {
    TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(URL)
        .property("tenantpool.shutdownTimeout", "20000").build();
    Connection leased = dataSource.getConnection("acme");
    StubConnection physical = leased.unwrap(StubConnection.class);
    java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
    Thread borrower = new Thread(() -> {
      try {
        Thread.sleep(300);
        assertThat(physical.isClosed()).as("closed under the borrower's feet").isFalse();
        leased.close();
        returned.set(true);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    borrower.start();
    dataSource.close();
    borrower.join(10_000);
    assertThat(returned).as("close() returned only after the leased connection came back").isTrue();
    assertThat(physical.isClosed()).isTrue();
  }

  @Test
  void closeWithAZeroShutdownTimeoutClosesLeasedConnectionsAtOnce() throws Exception {
    TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(URL)
        .property("tenantpool.shutdownTimeout", "0").build();
    Connection leased = dataSource.getConnection("acme");
    StubConnection physical = leased.unwrap(StubConnection.class);
    dataSource.close();
    assertThat(physical.isClosed()).isTrue();
    assertThatThrownBy(() -> dataSource.getConnection("acme"))
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP007"));
    leased.close(); // late close of an aborted lease is harmless
  }

  @Test
  void tenantsOfOneServerShareOneBudgetHoweverTheirUrlsWriteIt(@TempDir Path dir) throws Exception {
    // One SQL Server written three ways (default port, explicit port, upper case), a password
    // after ';' (which once became part of the "host"), and another server.
    Path catalog = dir.resolve("tenants.properties");
    Files.writeString(catalog, String.join("\n",
        "tenants.a.url=jdbc:sqlserver://db;databaseName=a;password=P@ss",
        "tenants.b.url=jdbc:sqlserver://db:1433;databaseName=b",
        "tenants.c.url=jdbc:sqlserver://DB:1433;databaseName=c",
        "tenants.d.url=jdbc:sqlserver://other;databaseName=d"));
    StubDriver sqlServer = StubDriver.register("jdbc:sqlserver:");
    try {
      TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder()
          .url("jdbc:tenantpool:sqlserver://db;databaseName={tenant}")
          .property("tenantpool.catalog", "file:" + catalog)
          .property("tenantpool.catalog.allowedHosts", "other")
          .property("tenantpool.maxTotalConnections", "10"));
      for (String tenant : List.of("a", "b", "c", "d")) {
        dataSource.getConnection(tenant).close();
      }
      assertThat(dataSource.budgets()).containsExactlyInAnyOrder(
          new TenantPoolDataSource.BudgetStats("db:1433", 3, 10), new TenantPoolDataSource.BudgetStats("other:1433", 1, 10));
    } finally {
      sqlServer.deregister();
    }
  }

  /** Renders an id for assertion descriptions (control characters escaped). */
  static final class TenantRouterPrintable {
    static String of(String id) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : id.substring(0, Math.min(id.length(), 40)).toCharArray()) {
        out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
      return out.append(id.length() > 40 ? "...\"" : "\"").toString();
    }
  }

  @Test
  void theServersOwnDatabaseAndSchemaNamesAreRefusedAsTenantIdsUnlessAllowed() throws Exception {
    TenantPoolDataSource dataSource = dataSource(TenantPoolDataSource.builder().url(URL));
    for (String reserved : List.of("postgres", "template0", "template1", "public", "pg_catalog", "information_schema",
        "Postgres", "PUBLIC")) {
      assertThatThrownBy(() -> dataSource.getConnection(reserved))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("is reserved (tenantpool.reservedTenants)")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP002");
    }
    assertThat(driver.connects()).as("no reserved id reached the target driver").isZero();
    assertThatThrownBy(() -> TenantPoolDataSource.builder().url(URL + "?tenantpool.defaultTenant=postgres").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantpool.defaultTenant \"postgres\" is reserved");

    TenantPoolDataSource allowing = dataSource(TenantPoolDataSource.builder().url(URL + "?tenantpool.reservedTenants="));
    try (Connection c = allowing.getConnection("public")) {
      assertThat(c.isValid(1)).isTrue();
    }
  }
}
