package dev.tenantpool.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionBudgetIT {
  private static final TestDatabase DB = TestDatabase.get();

  @Test
  void theServerBudgetHoldsAtEveryInstantWhileManyTenantsShareIt() throws Exception {
    List<String> tenants = DB.tenants("budget", 40);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger operations = new AtomicInteger();
    AtomicInteger mismatches = new AtomicInteger();
    List<Integer> samples = new ArrayList<>();
    List<Integer> budgetSamples = new ArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("budget_{tenant}"))
        .username(DB.user()).password(DB.password())
        .property("tenantpool.maxTotalConnections", "30")
        .property("tenantpool.maximumPoolSize", "3")
        .property("tenantpool.connectionTimeout", "10000")
        .build()) {
      ExecutorService workers = Executors.newFixedThreadPool(24);
      List<Future<?>> done = new ArrayList<>();
      // A fixed amount of work, not a fixed time: the assertions must not depend on machine speed.
      int perWorker = 60;
      for (int w = 0; w < 24; w++) {
        done.add(workers.submit(() -> {
          for (int i = 0; i < perWorker; i++) {
            String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
            try (Connection c = ds.getConnection(tenant); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
              rs.next();
              if (!rs.getString(1).equals(tenant)) {
                mismatches.incrementAndGet();
              }
              operations.incrementAndGet();
            } catch (Exception e) {
              failures.incrementAndGet();
              StringBuilder pools = new StringBuilder();
              for (String t : ds.tenants()) {
                pools.append(' ').append(ds.stats(t));
              }
              System.out.println("FAILED " + e + " cause=" + e.getCause() + " budgets=" + ds.budgets() + pools);
            }
          }
        }));
      }
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          try {
            int backends = DB.backends("budget");
            int used = ds.budgets().isEmpty() ? 0 : ds.budgets().get(0).used();
            synchronized (samples) {
              samples.add(backends);
              budgetSamples.add(used);
            }
            Thread.sleep(20);
          } catch (Exception e) {
            return;
          }
        }
      });
      sampler.start();
      for (Future<?> f : done) {
        f.get(180, TimeUnit.SECONDS);
      }
      running.set(false);
      sampler.join();
      workers.shutdown();

      assertThat(failures).hasValue(0);
      assertThat(mismatches).hasValue(0);
      assertThat(operations.get()).isEqualTo(24 * perWorker);
      assertThat(samples).isNotEmpty().allSatisfy(backends -> assertThat(backends).isLessThanOrEqualTo(30));
      assertThat(budgetSamples).allSatisfy(used -> assertThat(used).isLessThanOrEqualTo(30));
      assertThat(samples.stream().mapToInt(Integer::intValue).max().orElse(0))
          .as("the workload actually pressed against the cap").isGreaterThanOrEqualTo(20);
      System.out.printf("budget: %d operations, %d samples, max backends %d%n", operations.get(), samples.size(),
          samples.stream().mapToInt(Integer::intValue).max().orElse(0));
    }
  }

  @Test
  void idlePoolsAreClosedOnATimerAndComeBackLazily() throws Exception {
    List<String> tenants = DB.tenants("idlepool", 3);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("idlepool_{tenant}"))
        .username(DB.user()).password(DB.password())
        .property("tenantpool.poolIdleTimeout", "1000")
        .build()) {
      for (String tenant : tenants) {
        ds.getConnection(tenant).close();
      }
      assertThat(ds.poolCount()).isEqualTo(3);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ds.poolCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(ds.poolCount()).as("pools closed with nobody calling").isZero();
      assertThat(DB.backends("idlepool")).isZero();
      try (Connection c = ds.getConnection("t1")) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(ds.tenants()).containsExactly("t1");
    }
  }

  @Test
  void maxPoolsClosesTheLeastRecentlyUsedPoolsButNeverOneWithLeasedConnections() throws Exception {
    List<String> tenants = DB.tenants("maxpools", 5);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("maxpools_{tenant}"))
        .username(DB.user()).password(DB.password())
        .property("tenantpool.maxPools", "2")
        .build()) {
      Connection leased = ds.getConnection("t0");
      for (String tenant : tenants.subList(1, 5)) {
        ds.getConnection(tenant).close();
        Thread.sleep(20);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (ds.poolCount() > 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(ds.tenants()).containsExactlyInAnyOrder("t0", "t4");
      assertThat(leased.isValid(1)).as("the leased connection survived").isTrue();
      leased.close();
    }
  }
}
