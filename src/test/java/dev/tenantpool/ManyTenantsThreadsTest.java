package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.stub.StubDriver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 1,000 tenant pools over the in-process stub driver: the pools share one scheduler, an idle pool
 * owns no thread, and closing the data source leaves no thread behind.
 *
 * <p>HikariCP gives each pool a connection-adder thread that lives for 5 s after its last use, so
 * the count is checked once the pools are idle (waiting up to a loose deadline), not at its peak.
 */
class ManyTenantsThreadsTest {
  private static final int TENANTS = 1_000;
  // The shared scheduler's threads plus slack for JVM-internal threads that come and go.
  private static final int ALLOWED_EXTRA_THREADS = 8;
  private static final long SETTLE_DEADLINE_MS = 60_000;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  @Test
  void aThousandIdleTenantPoolsShareAFewThreadsAndCloseLeavesNone() throws Exception {
    StubDriver driver = StubDriver.install();
    int baseline = settledThreadCount(count -> true);
    threads.resetPeakThreadCount();

    TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url("jdbc:tenantpool:stub:{tenant}")
        .name("threads")
        .build();
    try {
      for (int i = 0; i < TENANTS; i++) {
        try (Connection c = dataSource.getConnection("t" + i)) {
          assertThat(c.isValid(1)).isTrue();
        }
      }
      assertThat(dataSource.poolCount()).isEqualTo(TENANTS);
      assertThat(driver.connects()).isEqualTo(TENANTS);
      int peak = threads.getPeakThreadCount();
      System.out.printf("ManyTenantsThreadsTest: baseline %d threads, transient peak %d while creating %d pools%n", baseline, peak, TENANTS);

      int idle = settledThreadCount(count -> count <= baseline + ALLOWED_EXTRA_THREADS);
      System.out.printf("ManyTenantsThreadsTest: %d threads once the %d pools are idle%n", idle, TENANTS);
      assertThat(idle)
          .as("live threads with %d idle tenant pools open (baseline %d, transient peak %d): %s",
              TENANTS, baseline, peak, tenantPoolThreads())
          .isLessThanOrEqualTo(baseline + ALLOWED_EXTRA_THREADS);
      assertThat(dataSource.poolCount()).isEqualTo(TENANTS);
    } finally {
      dataSource.close();
    }

    int after = settledThreadCount(count -> count <= baseline);
    assertThat(after).as("live threads after close (baseline %d): %s", baseline, tenantPoolThreads())
        .isLessThanOrEqualTo(baseline);
    // A thread that finished its last task may still be on its way out (HikariCP's and TenantPool's
    // helper threads stop by themselves); one that stays is a leak.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_DEADLINE_MS);
    while (!tenantPoolThreads().isEmpty() && System.nanoTime() - deadline < 0) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(tenantPoolThreads()).as("TenantPool's threads left: %s", tenantPoolThreadStacks()).isEmpty();
  }

  /** Each TenantPool thread still alive with the top of its stack, to say what holds it. */
  private static String tenantPoolThreadStacks() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("tenantpool") || thread.getName().contains("threads-")) {
        out.append('\n').append(thread.getName()).append(' ').append(thread.getState());
        for (int i = 0; i < Math.min(8, stack.length); i++) {
          out.append("\n    at ").append(stack[i]);
        }
      }
    });
    return out.toString();
  }

  /** Polls the live thread count until {@code done} accepts it or the loose deadline passes. */
  private int settledThreadCount(IntPredicate done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_DEADLINE_MS);
    int count = threads.getThreadCount();
    while (!done.test(count) && System.nanoTime() - deadline < 0) {
      TimeUnit.MILLISECONDS.sleep(100);
      count = threads.getThreadCount();
    }
    return count;
  }

  private static List<String> tenantPoolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("tenantpool") || name.contains("threads-"))
        .sorted()
        .collect(Collectors.toList());
  }

}
