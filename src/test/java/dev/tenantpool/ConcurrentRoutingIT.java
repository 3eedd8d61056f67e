package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads switching at random among many tenants: every connection reaches its tenant's
 * database, through {@link DriverManager} and through {@link TenantPoolDataSource}.
 */
class ConcurrentRoutingIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "conc";
  private static final int THREADS = 16;
  private static final int ITERATIONS = 150;
  private static List<String> tenants;

  @BeforeAll
  static void createTenants() {
    tenants = DB.tenants(PREFIX, 12);
  }

  @AfterAll
  static void closePools() {
    TenantPoolDriver.closeAll();
  }

  /** What a connection says about where it is: "tenant_info.name@current_database()". */
  static String whereAmI(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, current_database() FROM tenant_info")) {
      assertThat(rs.next()).isTrue();
      String where = rs.getString(1) + "@" + rs.getString(2);
      assertThat(rs.next()).as("tenant_info has one row").isFalse();
      return where;
    }
  }

  static String expected(String tenant) {
    return tenant + "@" + PREFIX + "_" + tenant;
  }

  /** One way of getting a connection for a tenant, chosen by the iteration. */
  interface Opener {
    Connection open(String tenant, int iteration) throws Exception;
  }

  private static void hammer(Opener opener) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger checks = new AtomicInteger();
    ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          go.await();
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < ITERATIONS; i++) {
            String tenant = tenants.get(random.nextInt(tenants.size()));
            try (Connection c = opener.open(tenant, i)) {
              String where = whereAmI(c);
              if (!where.equals(expected(tenant))) {
                mismatches.add("asked for " + tenant + ", reached " + where);
              }
              checks.incrementAndGet();
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(mismatches).as("connections that reached another tenant's database").isEmpty();
    assertThat(checks.get()).isEqualTo(THREADS * ITERATIONS);
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void everyConnectionReachesItsTenantsDatabaseUnderConcurrencyThroughDriverManager() throws Exception {
    String url = DB.tenantPoolUrl(PREFIX + "_{tenant}");
    hammer((tenant, i) -> {
      if (i % 2 == 0) {
        try (TenantContext.Scope scope = TenantContext.use(tenant)) {
          return DriverManager.getConnection(url, DB.user(), DB.password());
        }
      }
      Properties info = new Properties();
      info.setProperty("user", DB.user());
      info.setProperty("password", DB.password());
      info.setProperty("tenantpool.tenant", tenant);
      return DriverManager.getConnection(url, info);
    });
  }

  @Test
  void everyConnectionReachesItsTenantsDatabaseUnderConcurrencyThroughTheDataSource() throws Exception {
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .name("conc")
        .build()) {
      hammer((tenant, i) -> {
        switch (i % 3) {
          case 0:
            try (TenantContext.Scope scope = TenantContext.use(tenant)) {
              return dataSource.getConnection();
            }
          case 1:
            return dataSource.getConnection(tenant);
          default:
            return dataSource.forTenant(tenant).getConnection();
        }
      });
      assertThat(dataSource.tenants()).containsExactlyInAnyOrderElementsOf(tenants);
      for (String tenant : tenants) {
        assertThat(dataSource.stats(tenant).active()).as("leased connections of %s", tenant).isZero();
      }
    }
  }

  @Test
  void aThreadThatSwitchesTenantsMidWayGetsEachTenantsDatabaseInTurn() throws Exception {
    String url = DB.tenantPoolUrl(PREFIX + "_{tenant}");
    try (TenantContext.Scope outer = TenantContext.use(tenants.get(0))) {
      try (Connection first = DriverManager.getConnection(url, DB.user(), DB.password())) {
        assertThat(whereAmI(first)).isEqualTo(expected(tenants.get(0)));
        try (TenantContext.Scope inner = TenantContext.use(tenants.get(1));
            Connection second = DriverManager.getConnection(url, DB.user(), DB.password())) {
          assertThat(whereAmI(second)).isEqualTo(expected(tenants.get(1)));
        }
        assertThat(whereAmI(first)).isEqualTo(expected(tenants.get(0)));
      }
    }
  }
}
