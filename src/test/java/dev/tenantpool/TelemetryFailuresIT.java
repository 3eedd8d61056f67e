package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TenantPool's own bookkeeping failing (a meter registry that throws, an incompatible library
 * version, as when Spring Boot 4.0 pinned an OpenTelemetry older than the one TenantPool called)
 * never loses a borrowed connection: the caller gets the failure, the pool gets its connection
 * back, and closing the data source does not wait for a connection nobody holds.
 */
class TelemetryFailuresIT {
  private static final TestDatabase DB = TestDatabase.get();

  @BeforeAll
  static void createTenants() {
    DB.tenants("telfail", 1);
  }

  /** A registry whose timers throw what an incompatible Micrometer would, once switched on. */
  static final class BrokenTimers extends SimpleMeterRegistry {
    final AtomicBoolean broken = new AtomicBoolean();

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
      return new CumulativeTimer(id, Clock.SYSTEM, config, pauseDetector, TimeUnit.SECONDS, false) {
        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
          if (broken.get()) {
            throw new NoSuchMethodError("simulated: a method missing from the Micrometer on the class path");
          }
          super.recordNonNegative(amount, unit);
        }
      };
    }
  }

  private static TenantPoolDataSource dataSource(BrokenTimers registry) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("telfail_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .meterRegistry(registry)
        // With histograms, acquisitions and leases are recorded into Micrometer Timers (without,
        // into TenantPool's own counters, which no registry can break): the borrow path then runs
        // the registry's code after the connection was taken from the pool.
        .property("tenantpool.metrics.histograms", "true")
        // Long enough that a leaked connection would show as a slow close.
        .property("tenantpool.shutdownTimeout", "20000")
        .build();
  }

  @Test
  void aFailureAfterTheBorrowReturnsTheConnectionToItsPool() throws Exception {
    BrokenTimers registry = new BrokenTimers();
    TenantPoolDataSource ds = dataSource(registry);
    try {
      try (Connection c = ds.getConnection("t0")) {
        c.isValid(1); // the pool exists and is healthy
      }
      registry.broken.set(true);
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> ds.getConnection("t0")).isInstanceOf(NoSuchMethodError.class);
      }
      assertThat(ds.stats("t0").active()).as("every borrowed connection went back").isZero();
      registry.broken.set(false);
      try (Connection c = ds.getConnection("t0"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("t0");
      }
    } finally {
      long start = System.nanoTime();
      ds.close();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("close() found no connection to wait for").isLessThan(5_000);
    }
  }

  @Test
  void aFailureWhileTheNewPoolIsRecordedClosesThatPool() throws Exception {
    BrokenTimers registry = new BrokenTimers();
    registry.broken.set(true);
    TenantPoolDataSource ds = dataSource(registry);
    try {
      assertThatThrownBy(() -> ds.getConnection("t0")).isInstanceOf(NoSuchMethodError.class);
      assertThat(ds.poolCount()).as("no half-made pool is kept").isZero();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (DB.backends("telfail") > 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20); // a closed connection's server process takes a moment to exit
      }
      assertThat(DB.backends("telfail")).as("its first connection was closed").isZero();
    } finally {
      long start = System.nanoTime();
      ds.close();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }
  }
}
