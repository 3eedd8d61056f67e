package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Routing from 1,000 virtual threads. The build targets Java 17, so virtual threads are created
 * reflectively and the test is skipped on a JDK older than 21; CI runs this class again on the
 * newest JDK the machine has.
 */
class VirtualThreadRoutingIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final int VIRTUAL_THREADS = 1_000;
  private static final int TENANTS = 10;

  private static ThreadFactory virtualThreadFactory() throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
    return (ThreadFactory) factory.invoke(builder);
  }

  private static boolean isVirtual(Thread thread) throws Exception {
    return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }

  @Test
  void aThousandVirtualThreadsEachReachTheirTenantsDatabase() throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or newer");
    List<String> tenants = DB.tenants("vthr", TENANTS);
    ThreadFactory factory = virtualThreadFactory();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger virtual = new AtomicInteger();
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("vthr_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.connectionTimeout", "60000")
        .build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < VIRTUAL_THREADS; i++) {
        String tenant = tenants.get(i % TENANTS);
        Thread thread = factory.newThread(() -> {
          try {
            if (isVirtual(Thread.currentThread())) {
              virtual.incrementAndGet();
            }
            go.await();
            try (TenantContext.Scope scope = TenantContext.use(tenant);
                Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, current_database() FROM tenant_info")) {
              rs.next();
              String where = rs.getString(1) + "@" + rs.getString(2);
              if (!where.equals(tenant + "@vthr_" + tenant)) {
                problems.add("asked for " + tenant + ", reached " + where);
              }
              checks.incrementAndGet();
            }
          } catch (Exception e) {
            problems.add(tenant + ": " + e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(thread.isAlive()).as("a virtual thread is still running").isFalse();
      }
      assertThat(problems).isEmpty();
      assertThat(virtual.get()).isEqualTo(VIRTUAL_THREADS);
      assertThat(checks.get()).isEqualTo(VIRTUAL_THREADS);
      assertThat(dataSource.poolCount()).isEqualTo(TENANTS);
      for (String tenant : tenants) {
        assertThat(dataSource.stats(tenant).active()).isZero();
      }
    }
  }
}
