package dev.tenantpool.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.stub.StubConnection;
import dev.tenantpool.testing.stub.StubDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * close() racing close() or abort() on one connection (JDBC expects abort from another thread):
 * exactly one of them hands the physical connection back and records the lease. Were both to,
 * HikariCP (whose own close is not atomic) would put it in its pool twice and lend it to two
 * borrowers at once. Two threads meet at a barrier on every round, many rounds; each round two
 * connections are then borrowed together and must be different physical connections, and in the
 * end every lease was recorded exactly once.
 */
class ConnectionReleaseRaceTest {
  private StubDriver driver;
  private TenantPoolDataSource dataSource;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    driver = StubDriver.install();
    dataSource = TenantPoolDataSource.builder()
        .url("jdbc:tenantpool:stub:{tenant}")
        .meterRegistry(registry)
        .property("tenantpool.maximumPoolSize", "2")
        .property("tenantpool.connectionTimeout", "2000")
        .property("tenantpool.breaker.enabled", "false")
        .build();
  }

  @AfterEach
  void stop() {
    dataSource.close();
    driver.reset();
  }

  /** How the second thread lets go of the connection. */
  enum Release {
    CLOSE,
    ABORT
  }

  @ParameterizedTest
  @EnumSource(Release.class)
  void twoThreadsLettingGoOfOneConnectionReleaseItOnce(Release other) throws Exception {
    // Aborting evicts the physical connection, so every round opens a new one: fewer rounds.
    int rounds = other == Release.CLOSE ? 10_000 : 1_000;
    ExecutorService second = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < rounds; round++) {
        Connection lent = dataSource.getConnection("t0");
        // Both threads spin until the same instant instead of parking at a barrier: a parked
        // thread wakes tens of microseconds late, and the two calls would never overlap.
        AtomicInteger ready = new AtomicInteger();
        Future<?> racing = second.submit(() -> {
          ready.incrementAndGet();
          while (ready.get() < 2) {
            Thread.onSpinWait();
          }
          if (other == Release.CLOSE) {
            lent.close();
          } else {
            lent.abort(Runnable::run);
          }
          return null;
        });
        ready.incrementAndGet();
        while (ready.get() < 2) {
          Thread.onSpinWait();
        }
        lent.close();
        racing.get(5, TimeUnit.SECONDS);

        try (Connection a = dataSource.getConnection("t0"); Connection b = dataSource.getConnection("t0")) {
          assertThat(physical(a)).as("round %d: two borrowers, two physical connections", round)
              .isNotSameAs(physical(b));
        }
      }
      assertThat(dataSource.stats("t0").active()).isZero();
      assertThat(dataSource.stats("t0").total()).isLessThanOrEqualTo(2);
      // Three borrows a round, each lease recorded once.
      assertThat(registry.get("tenantpool.connection.usage").functionTimer().count()).isEqualTo(3L * rounds);
    } finally {
      second.shutdownNow();
    }
  }

  private static StubConnection physical(Connection connection) throws SQLException {
    return connection.unwrap(StubConnection.class);
  }
}
