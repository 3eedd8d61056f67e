package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.BackendSampler;
import dev.tenantpool.testing.TenantLoad;
import dev.tenantpool.testing.TestDatabase;
import java.util.List;
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
    int maxBackends;
    int samples;
    int operations;
    try (TenantPoolDataSource first = instance(perInstance); TenantPoolDataSource second = instance(perInstance);
        BackendSampler sampler = new BackendSampler(DB, PREFIX)) {
      // Uneven load: three quarters of the workers on the first instance.
      TenantLoad onFirst = new TenantLoad(first, tenants, 12, 0.002);
      TenantLoad onSecond = new TenantLoad(second, tenants, 4, 0.002);
      Thread.sleep(5_000);
      onFirst.stop();
      onSecond.stop();
      maxBackends = sampler.stopAndMax();
      samples = sampler.count();
      operations = onFirst.operations() + onSecond.operations();
      assertThat(onFirst.failures() + onSecond.failures()).isZero();
    }
    assertThat(operations).isGreaterThan(500);
    assertThat(samples).isPositive();
    assertThat(maxBackends).as("backends in the busiest sample").isLessThanOrEqualTo(SHARED_TOTAL);
    assertThat(maxBackends).as("the load pressed against the per-instance budgets").isGreaterThan(perInstance);
    System.out.printf("shared budget: %d operations, %d samples, max backends %d of %d%n", operations, samples,
        maxBackends, SHARED_TOTAL);
  }
}
