package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lazy pool creation against the real PostgreSQL: exactly once, and never caching a failure. */
class PoolCreationIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final int MAX_POOL = 3;

  private static int backends(String database) throws SQLException {
    try (Connection admin = DB.admin(); Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void dropDatabase(String database) throws SQLException {
    try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void sixtyFourThreadsAskingForANewTenantAtOnceCreateOnePoolWithinItsSize() throws Exception {
    DB.tenants("stamp", 1);
    String database = "stamp_t0";
    int threads = 64;
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("stamp_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.maximumPoolSize", String.valueOf(MAX_POOL))
        .property("tenantpool.connectionTimeout", "30000")
        .build()) {
      assertThat(backends(database)).isZero();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean stampeding = new AtomicBoolean(true);
      AtomicInteger mostBackends = new AtomicInteger();
      Thread sampler = new Thread(() -> {
        while (stampeding.get()) {
          try {
            mostBackends.accumulateAndGet(backends(database), Math::max);
          } catch (SQLException e) {
            return;
          }
        }
      }, "backend-sampler");
      sampler.start();
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(pool.submit(() -> {
            ready.countDown();
            go.await();
            try (TenantContext.Scope scope = TenantContext.use("t0");
                Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM tenant_info, pg_sleep(0.02)")) {
              rs.next();
              return rs.getString(1);
            }
          }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<String> result : results) {
          assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo("t0");
        }
      } finally {
        stampeding.set(false);
        sampler.join(10_000);
        pool.shutdownNow();
      }
      assertThat(dataSource.poolCount()).isEqualTo(1);
      assertThat(dataSource.tenants()).containsExactly("t0");
      TenantPoolDataSource.PoolStats stats = dataSource.stats("t0");
      assertThat(stats.total()).isBetween(1, MAX_POOL);
      assertThat(stats.active()).isZero();
      assertThat(mostBackends.get()).as("most backends seen at once on %s", database).isBetween(1, MAX_POOL);
      assertThat(backends(database)).isLessThanOrEqualTo(MAX_POOL);
    }
  }

  @Test
  void aTenantWhoseDatabaseIsMissingFailsWithTheTargetsStateAndIsRetriedOnceItExists() throws Exception {
    dropDatabase("late_t0");
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("late_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          results.add(pool.submit(() -> {
            go.await();
            try (Connection c = dataSource.getConnection("t0")) {
              return "connected";
            } catch (SQLException e) {
              assertThat(e.getMessage()).contains("t0");
              return e.getSQLState();
            }
          }));
        }
        go.countDown();
        for (Future<String> result : results) {
          assertThat(result.get(1, TimeUnit.MINUTES)).as("SQLState of a missing database").isEqualTo("3D000");
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(dataSource.poolCount()).as("a failed creation leaves no pool").isZero();

      DB.createTenantDatabases("late", List.of("t0"));
      try (Connection c = dataSource.getConnection("t0"); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("t0");
      }
      assertThat(dataSource.poolCount()).isEqualTo(1);
    }
  }

  @Test
  void anEvictedTenantGetsAFreshPoolOnItsNextUse() throws Exception {
    DB.tenants("evict", 1);
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("evict_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build()) {
      try (Connection c = dataSource.getConnection("t0")) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(dataSource.evict("t0")).isTrue();
      assertThat(dataSource.evict("t0")).isFalse();
      assertThat(dataSource.poolCount()).isZero();
      try (Connection c = dataSource.getConnection("t0")) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(dataSource.poolCount()).isEqualTo(1);
    }
  }

  @Test
  void closingTheDataSourceClosesEveryPoolAndRefusesLaterCalls() throws Exception {
    DB.tenants("shut", 2);
    TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("shut_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build();
    for (String tenant : List.of("t0", "t1")) {
      try (Connection c = dataSource.getConnection(tenant)) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
    assertThat(DB.backends("shut")).isPositive();
    dataSource.close();
    dataSource.close();
    assertThat(dataSource.poolCount()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (DB.backends("shut") > 0 && System.nanoTime() - deadline < 0) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(DB.backends("shut")).as("backends left after close").isZero();
    assertThatThrownBy(() -> dataSource.getConnection("t0"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP007"));
  }
}
