package dev.tenantpool.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.stub.StubDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared scheduler only schedules, so blocking lifecycle work cannot starve what every tenant
 * needs from it; one tenant's load never opens another's circuit; an id nobody knows costs little.
 */
class LifecycleOffSchedulerTest {
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

  private TenantPoolDataSource dataSource(TenantPoolDataSource.Builder builder) {
    TenantPoolDataSource dataSource = builder.build();
    dataSources.add(dataSource);
    return dataSource;
  }

  /**
   * Pools whose connections are slow to close are retired (maxPools) while another tenant waits
   * for a budget permit. That permit comes back through the scheduler 25 ms after a connection
   * closes; were the scheduler's two threads busy closing the retired pools, the waiter would get
   * nothing until they were done.
   */
  @Test
  void slowPoolClosesNeverHoldUpTheBudgetsPermitReturns() throws Exception {
    TenantPoolDataSource ds = dataSource(TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}")
        .property("tenantpool.maxTotalConnections", "4")
        .property("tenantpool.maximumPoolSize", "1")
        .property("tenantpool.maxPools", "2")
        .property("tenantpool.connectionTimeout", "5000")
        .property("tenantpool.shutdownTimeout", "0"));
    driver.closeDelay(3_000);
    for (String slow : List.of("slow0", "slow1")) {
      try (Connection c = ds.getConnection(slow)) {
        c.isValid(1);
      }
    }
    driver.closeDelay(0);
    try (Connection busy = ds.getConnection("busy")) { // a third pool: slow0 is retired, 3 s to close
      try (Connection other = ds.getConnection("other")) { // a fourth: slow1 too
        other.isValid(1);
      }
      // Both slow pools are closing and hold their permits; busy holds one; other's connection
      // is idle in its pool. A new tenant must reclaim it: closed, its permit back 100 ms later.
      long start = System.nanoTime();
      try (Connection again = ds.getConnection("again")) {
        again.isValid(1);
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("the permit came back while the retired pools were still closing").isLessThan(1_500);
    }
  }

  /** One tenant holding the whole budget makes the others wait (TP006) but never opens their circuits. */
  @Test
  void waitingForABudgetOtherTenantsSpentNeverOpensACircuit() throws Exception {
    TenantPoolDataSource ds = dataSource(TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}")
        .property("tenantpool.maxTotalConnections", "2")
        .property("tenantpool.maximumPoolSize", "2")
        .property("tenantpool.connectionTimeout", "250")
        .property("tenantpool.breaker.minimumCalls", "2")
        .property("tenantpool.breaker.slidingWindowSize", "4"));
    try (Connection a = ds.getConnection("hog"); Connection b = ds.getConnection("hog")) {
      for (int i = 0; i < 8; i++) {
        assertThatThrownBy(() -> ds.getConnection("starved"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("connection budget")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP006");
      }
      assertThat(ds.circuitState("starved")).isEqualTo(CircuitState.CLOSED);
    }
  }

  /** A flood of ids nobody knows (each refused by the server) leaves at most 1,000 remembered. */
  @Test
  void aFloodOfUnknownTenantIdsIsRememberedOnlyUpToABound() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TenantPoolDataSource ds = dataSource(TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}")
        .meterRegistry(registry)
        .property("tenantpool.connectionTimeout", "1000"));
    driver.mode(StubDriver.Mode.REFUSE);
    for (int i = 0; i < 1_500; i++) {
      String id = "unknown" + i;
      assertThatThrownBy(() -> ds.getConnection(id)).isInstanceOf(SQLException.class);
    }
    long tenantsWithMeters = registry.getMeters().stream()
        .map(m -> m.getId().getTag("tenant")).filter(t -> t != null).distinct().count();
    assertThat(tenantsWithMeters).as("tenants with a remembered breaker and meters").isLessThanOrEqualTo(1_000);
    assertThat(ds.poolCount()).isZero();
  }
}
