package dev.tenantpool.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.stub.StubDriver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-server budget frees what a waiter needs, and leaves nothing behind for a server no pool uses. */
class BudgetReclaimTest {
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

  @Test
  void aWaiterForTheBudgetClosesOneIdleConnectionOfAnotherTenantNotAll() throws Exception {
    TenantPoolDataSource ds = dataSource(TenantPoolDataSource.builder().url("jdbc:tenantpool:stub:{tenant}")
        .property("tenantpool.maxTotalConnections", "4")
        .property("tenantpool.maximumPoolSize", "4"));
    List<Connection> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(ds.getConnection("big"));
    }
    for (Connection c : four) {
      c.close();
    }
    assertThat(ds.stats("big").idle()).isEqualTo(4);

    try (Connection small = ds.getConnection("small")) {
      assertThat(small.isValid(1)).isTrue();
      assertThat(ds.stats("big").idle()).as("exactly one of big's idle connections was closed for small").isEqualTo(3);
    }
  }

  @Test
  void theBudgetOfAServerNoPoolUsesAnyMoreGoesAwayWithItsGauges() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A {tenant} in the host: every tenant is a server of its own, with a budget of its own.
    TenantPoolDataSource ds = dataSource(TenantPoolDataSource.builder().url("jdbc:tenantpool:stub://{tenant}.db/app")
        .meterRegistry(registry)
        .property("tenantpool.maxTotalConnections", "4")
        .property("tenantpool.maximumPoolSize", "2")
        .property("tenantpool.poolIdleTimeout", "1000"));
    try (Connection c = ds.getConnection("t0")) {
      assertThat(c.isValid(1)).isTrue();
    }
    assertThat(ds.budgets()).extracting(TenantPoolDataSource.BudgetStats::server).contains("t0.db");
    assertThat(registry.find("tenantpool.budget.connections").tag("server", "t0.db").gauges()).hasSize(2);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ds.budgets().isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
    assertThat(ds.poolCount()).isZero();
    assertThat(ds.budgets()).as("the budget of a server nobody uses").isEmpty();
    assertThat(registry.find("tenantpool.budget.connections").tag("server", "t0.db").gauges()).isEmpty();
  }
}
