package dev.tenantpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.stub.StubDriver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two threads closing one data source at the same instant release the shared pool threads once:
 * a second release would stop the scheduler under every other data source of the JVM (their
 * pools' housekeeping, idle sweeps and budget permit returns would silently stop).
 */
class SharedThreadsReleaseTest {
  @Test
  void closingOneDataSourceOnTwoThreadsAtOnceReleasesTheSharedThreadsOnce() throws Exception {
    StubDriver.install();
    ExecutorService second = Executors.newSingleThreadExecutor();
    try (TenantPoolDataSource survivor = TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}").build()) {
      int baseline = PoolThreads.users();
      for (int round = 0; round < 5_000; round++) {
        TenantPoolDataSource closing = TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}").build();
        // Spin rather than park, so that both close() calls really overlap.
        AtomicInteger ready = new AtomicInteger();
        Future<?> other = second.submit(() -> {
          ready.incrementAndGet();
          while (ready.get() < 2) {
            Thread.onSpinWait();
          }
          closing.close();
        });
        ready.incrementAndGet();
        while (ready.get() < 2) {
          Thread.onSpinWait();
        }
        closing.close();
        other.get(5, TimeUnit.SECONDS);
        assertThat(PoolThreads.users()).as("round %d: the surviving data source still holds the threads", round)
            .isEqualTo(baseline);
      }
    } finally {
      second.shutdownNow();
    }
  }
}
