package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TenantQuery;
import dev.tenantpool.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * docs/scaling.md's rule for several instances: each gets
 * {@code maxTotalConnections = floor(shared total / instances)}, and the server never sees more
 * than the shared total, however the load falls on the instances.
 */
class SharedBudgetIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "shared";
  private static final int SHARED_TOTAL = 24;
  private static final int INSTANCES = 2;

  private static TenantPoolDataSource instance(int perInstance) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.maxTotalConnections", Integer.toString(perInstance))
        .property("tenantpool.maximumPoolSize", "3")
        .build();
  }

  @Test
  void twoInstancesWithDerivedBudgetsStayWithinTheSharedTotal() throws Exception {
    List<String> tenants = DB.tenants(PREFIX, 16);
    int perInstance = Math.floorDiv(SHARED_TOTAL, INSTANCES);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger operations = new AtomicInteger();
    List<Integer> samples = new ArrayList<>();
    AtomicBoolean sampling = new AtomicBoolean(true);
    ExecutorService workers = Executors.newFixedThreadPool(16);
    try (TenantPoolDataSource first = instance(perInstance); TenantPoolDataSource second = instance(perInstance)) {
      List<Future<?>> done = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      for (int w = 0; w < 16; w++) {
        // Uneven load: three quarters of the workers on the first instance.
        TenantPoolDataSource instance = w % 4 == 3 ? second : first;
        done.add(workers.submit(() -> {
          while (System.nanoTime() < end) {
            try {
              if (TenantQuery.landsOnItsTenant(instance, tenants, 0.002)) {
                operations.incrementAndGet();
              } else {
                failures.incrementAndGet();
              }
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
        }));
      }
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          try {
            int backends = DB.backends(PREFIX);
            synchronized (samples) {
              samples.add(backends);
            }
            Thread.sleep(20);
          } catch (Exception e) {
            return;
          }
        }
      });
      sampler.start();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      sampling.set(false);
      sampler.join();
    } finally {
      workers.shutdownNow();
    }
    assertThat(failures).hasValue(0);
    assertThat(operations.get()).isGreaterThan(500);
    synchronized (samples) {
      assertThat(samples).isNotEmpty().allSatisfy(backends -> assertThat(backends).isLessThanOrEqualTo(SHARED_TOTAL));
      assertThat(samples.stream().mapToInt(Integer::intValue).max().orElse(0))
          .as("the load pressed against the per-instance budgets").isGreaterThan(perInstance);
      System.out.printf("shared budget: %d operations, %d samples, max backends %d of %d%n", operations.get(),
          samples.size(), samples.stream().mapToInt(Integer::intValue).max().orElse(0), SHARED_TOTAL);
    }
  }
}
