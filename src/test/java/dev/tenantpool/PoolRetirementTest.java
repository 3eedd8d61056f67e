package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.stub.StubDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens to callers when a pool is retired (idle, maxPools, catalog, explicit eviction)
 * and what a retired pool leaves behind, on the in-process stub driver.
 */
class PoolRetirementTest {
  private static final String URL = "jdbc:tenantpool:stub:{tenant}";
  private static final int ROUNDS = 2_000;

  private StubDriver driver;
  private final List<TenantPoolDataSource> dataSources = new ArrayList<>();

  @BeforeEach
  void installStub() {
    driver = StubDriver.install();
  }

  @AfterEach
  void closeAll() {
    dataSources.forEach(TenantPoolDataSource::close);
    driver.reset();
  }

  private TenantPoolDataSource dataSource(String... properties) {
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder().url(URL);
    for (int i = 0; i < properties.length; i += 2) {
      builder.property(properties[i], properties[i + 1]);
    }
    TenantPoolDataSource dataSource = builder.build();
    dataSources.add(dataSource);
    return dataSource;
  }

  /**
   * maxPools=1 and two tenants in constant use: every pool created for one tenant retires the
   * other's, while that tenant's thread keeps borrowing. A borrow that races the retirement must
   * get a connection that works, from the tenant's next pool, and never count against its breaker.
   * (The window this guards, between the retirement's last look at the pool's active count and
   * HikariCP's close, is nanoseconds wide: this test pins the guarantee, it rarely hits the window.)
   */
  @Test
  void aBorrowRacingItsPoolsRetirementGetsAWorkingConnection() throws Exception {
    TenantPoolDataSource ds = dataSource("tenantpool.maxPools", "1", "tenantpool.shutdownTimeout", "0",
        "tenantpool.breaker.minimumCalls", "2", "tenantpool.breaker.slidingWindowSize", "4");
    List<String> failures = new CopyOnWriteArrayList<>();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String tenant : List.of("t0", "t1")) {
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < ROUNDS; i++) {
            try (Connection c = ds.getConnection(tenant)) {
              if (!c.isValid(1)) { // a connection aborted under us by its pool's closing
                failures.add(tenant + " #" + i + ": the connection was closed under the caller");
              }
            } catch (SQLException e) {
              failures.add(tenant + " #" + i + ": [" + e.getSQLState() + "] " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(failures).as("calls that got a connection of a pool being closed").isEmpty();
    assertThat(ds.circuitState("t0")).isEqualTo(CircuitState.CLOSED);
    assertThat(ds.circuitState("t1")).isEqualTo(CircuitState.CLOSED);
  }

  /**
   * A tenant whose database is down has an open circuit and, nothing succeeding, looks idle. When
   * its pool is closed for idleness, its breaker must stay: its next caller fails fast (TP004)
   * instead of meeting a fresh closed breaker and a real connection attempt.
   */
  @Test
  void aFailingTenantsOpenCircuitOutlivesItsIdlePool() throws Exception {
    TenantPoolDataSource ds = dataSource("tenantpool.poolIdleTimeout", "1000", "tenantpool.connectionTimeout", "1000",
        "tenantpool.maximumPoolSize", "2", "tenantpool.breaker.minimumCalls", "2",
        "tenantpool.breaker.slidingWindowSize", "4", "tenantpool.breaker.waitInOpen", "60000");
    try (Connection held = ds.getConnection("t0")) {
      // The database goes down: the pool's second connection can no longer be opened.
      driver.mode(StubDriver.Mode.REFUSE);
      for (int i = 0; i < 10 && ds.circuitState("t0") != CircuitState.OPEN; i++) {
        assertThatThrownBy(() -> ds.getConnection("t0")).isInstanceOf(SQLException.class);
      }
      assertThat(ds.circuitState("t0")).isEqualTo(CircuitState.OPEN);
    }
    // Nothing succeeds, so the pool looks idle and is closed after poolIdleTimeout.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ds.poolCount() > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
    assertThat(ds.poolCount()).isZero();
    int connectsBefore = driver.connects();
    assertThatThrownBy(() -> ds.getConnection("t0"))
        .isInstanceOf(CircuitOpenException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP004");
    assertThat(driver.connects()).as("no connection attempt against a database known to be down").isEqualTo(connectsBefore);
    assertThat(ds.circuitState("t0")).isEqualTo(CircuitState.OPEN);
  }

  /** A pause, then a borrow: one call, one connectionTimeout, not one for each wait. */
  @Test
  void aCallWaitsOneConnectionTimeoutInAllWhateverItWaitsFor() throws Exception {
    TenantPoolDataSource ds = dataSource("tenantpool.connectionTimeout", "1000", "tenantpool.maximumPoolSize", "1");
    try (Connection held = ds.getConnection("t0")) {
      ds.pause("t0");
      ExecutorService resumer = Executors.newSingleThreadExecutor();
      try {
        resumer.submit(() -> {
          Thread.sleep(600);
          ds.resume("t0");
          return null;
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> ds.getConnection("t0"))
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP006");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // 600 ms paused, then the borrow gets what is left (about 400 ms), not another 1000.
        assertThat(waited).isBetween(900L, 1_400L);
      } finally {
        resumer.shutdownNow();
      }
    }
  }
}
