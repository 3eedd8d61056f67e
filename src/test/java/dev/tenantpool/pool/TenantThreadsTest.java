package dev.tenantpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.LogCapture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TenantThreadsTest {
  private ScheduledExecutorService shared;

  @BeforeEach
  void startSharedScheduler() {
    assertThat(LogCapture.installed()).as("the tests' SLF4J binding, whose MDC works").isTrue();
    shared = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stopSharedScheduler() {
    shared.shutdownNow();
  }

  @Test
  void runsScheduledTasksWithTheTenantInTheMdcAndClearsItAfterwards() throws Exception {
    TenantThreads acme = new TenantThreads(shared, Executors.defaultThreadFactory(), "acme");
    assertThat(acme.schedule(() -> MDC.get("tenant"), 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS))
        .isEqualTo("acme");
    AtomicReference<String> seen = new AtomicReference<>("unset");
    acme.scheduleWithFixedDelay(() -> seen.compareAndSet("unset", MDC.get("tenant")), 0, 1, TimeUnit.HOURS);
    acme.submit(() -> { }).get(5, TimeUnit.SECONDS);
    assertThat(seen.get()).isEqualTo("acme");
    // The shared thread serves every tenant: after acme's task it carries no tenant.
    assertThat(shared.submit(() -> MDC.get("tenant")).get(5, TimeUnit.SECONDS)).isNull();
    TenantThreads bravo = new TenantThreads(shared, Executors.defaultThreadFactory(), "bravo");
    assertThat(bravo.submit(() -> MDC.get("tenant")).get(5, TimeUnit.SECONDS)).isEqualTo("bravo");
  }

  @Test
  void restoresATenantAlreadyInTheMdc() {
    TenantThreads acme = new TenantThreads(shared, Executors.defaultThreadFactory(), "acme");
    MDC.put("tenant", "caller");
    try {
      AtomicReference<String> inside = new AtomicReference<>();
      acme.withTenant(() -> inside.set(MDC.get("tenant"))).run();
      assertThat(inside.get()).isEqualTo("acme");
      assertThat(MDC.get("tenant")).isEqualTo("caller");
    } finally {
      MDC.remove("tenant");
    }
  }

  @Test
  void givesThePoolsOwnThreadsTheTenantForTheirWholeLife() throws Exception {
    TenantThreads acme = new TenantThreads(shared, Executors.defaultThreadFactory(), "acme");
    AtomicReference<String> seen = new AtomicReference<>();
    Thread thread = acme.threadFactory().newThread(() -> seen.set(MDC.get("tenant")));
    thread.start();
    thread.join(5_000);
    assertThat(seen.get()).isEqualTo("acme");
  }

  @Test
  void neverShutsTheSharedSchedulerDown() {
    TenantThreads acme = new TenantThreads(shared, Executors.defaultThreadFactory(), "acme");
    acme.shutdown();
    assertThat(acme.shutdownNow()).isEmpty();
    assertThat(shared.isShutdown()).isFalse();
    assertThat(acme.isShutdown()).isFalse();
  }
}
