package dev.tenantpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.LogCapture;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * What a tenant's pool does in the background (HikariCP's housekeeper on the shared scheduler, its
 * connection adder on a pool thread) logs with the MDC key {@code tenant} and the tenant in the
 * message (the pool's name ends with it).
 */
class BackgroundWorkMdcIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = DB.tenants("obsl", 2);

  @Test
  void backgroundLogLinesOfATenantsPoolCarryTheTenant() throws Exception {
    assertThat(LogCapture.installed()).isTrue();
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsl_{tenant}"))
        .username(DB.user()).password(DB.password())
        .name("mdc")
        .meterRegistry(new SimpleMeterRegistry())
        .property("tenantpool.minimumIdle", "3")
        .build();
        LogCapture capture = LogCapture.start()) {
      for (String tenant : TENANTS) {
        try (Connection c = ds.getConnection(tenant)) {
          assertThat(c.isValid(1)).isTrue();
        }
      }
      // The housekeeper runs 100 ms after a pool starts and asks the adder to fill it to minimumIdle.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline && (background(capture, "Added connection").size() < 4
          || background(capture, "stats (total=").size() < 2)) {
        Thread.sleep(50);
      }
      List<LogCapture.Event> events = background(capture, "");
      assertThat(background(capture, "Added connection")).hasSizeGreaterThanOrEqualTo(4);
      assertThat(background(capture, "stats (total=")).hasSizeGreaterThanOrEqualTo(2);
      for (LogCapture.Event event : events) {
        String tenant = event.mdc().get("tenant");
        assertThat(tenant).as(event.toString()).isIn(TENANTS);
        assertThat(event.message()).as(event.toString()).contains("mdc-" + tenant);
      }
      assertThat(events.stream().map(e -> e.mdc().get("tenant")).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(TENANTS);
    }
  }

  @Test
  void closingAPoolNamesItsTenantAndLeavesTheCallersMdcAlone() throws Exception {
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsl_{tenant}"))
        .username(DB.user()).password(DB.password())
        .name("mdc-evict")
        .meterRegistry(new SimpleMeterRegistry())
        .build()) {
      ds.getConnection("t0").close();
      MDC.put("tenant", "the-application's");
      try (LogCapture capture = LogCapture.start()) {
        assertThat(ds.evict("t0")).isTrue();
        List<LogCapture.Event> shutdown = capture.events().stream()
            .filter(e -> e.logger().startsWith("com.zaxxer.hikari") && e.message().contains("mdc-evict-t0"))
            .collect(Collectors.toList());
        assertThat(shutdown).isNotEmpty().allSatisfy(e -> assertThat(e.mdc()).containsEntry("tenant", "t0"));
        assertThat(MDC.get("tenant")).isEqualTo("the-application's");
      } finally {
        MDC.remove("tenant");
      }
    }
  }

  /** HikariCP's events logged on TenantPool's threads (not the test's), containing {@code text}. */
  private static List<LogCapture.Event> background(LogCapture capture, String text) {
    return capture.events().stream()
        .filter(e -> e.logger().startsWith("com.zaxxer.hikari"))
        .filter(e -> e.thread().startsWith("tenantpool-"))
        .filter(e -> e.message().contains(text))
        .collect(Collectors.toList());
  }
}
