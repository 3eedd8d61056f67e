package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * With tracing off, or on but with no OpenTelemetry installed, recording a statement allocates
 * nothing: {@code startStatement} returns null at once and {@code statementSucceeded} only records.
 * Measured with the JVM's per-thread allocation counter over many calls, so a single allocation
 * per call (16 bytes or more) would show as megabytes.
 */
class HotPathAllocationTest {
  private static final int CALLS = 200_000;
  private static final long ALLOWED_BYTES = 64 * 1024;

  @Test
  void recordingAStatementWithTracingOffAllocatesNothing() {
    assertThat(bytesAllocatedByHotPath(false)).isLessThan(ALLOWED_BYTES);
  }

  @Test
  void recordingAStatementWithTracingOnButNoOpenTelemetryAllocatesNothing() {
    assertThat(GlobalOpenTelemetryProbe.isSet()).isFalse();
    assertThat(bytesAllocatedByHotPath(true)).isLessThan(ALLOWED_BYTES);
  }

  private static long bytesAllocatedByHotPath(boolean tracing) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ObserveSettings settings = new ObserveSettings(registry, null, TenantTag.TENANT, false, tracing, 50, "ds");
    try (Observability observability = new Observability(settings, () -> 1)) {
      TenantTelemetry telemetry = observability.forTenant(
          "acme", "default", new ObservabilityTest.Gauges(), "jdbc:postgresql://db:5432/app_acme");
      String sql = "SELECT name FROM tenant_info WHERE id = ?";
      Operation operation = Operation.of(sql);
      run(telemetry, sql, operation, CALLS); // warm up: meters registered, code compiled
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      run(telemetry, sql, operation, CALLS);
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertThat(registry.get("tenantpool.statement.duration").functionTimer().count()).isEqualTo(2L * CALLS);
      return allocated;
    }
  }

  private static void run(TenantTelemetry telemetry, String sql, Operation operation, int calls) {
    int traces = 0;
    for (int i = 0; i < calls; i++) {
      telemetry.acquired(1_000);
      StatementTrace trace = telemetry.startStatement(Operation.of(sql), sql);
      if (trace != null) {
        traces++;
      }
      telemetry.statementSucceeded(operation, telemetry.now(), trace);
      telemetry.released(2_000);
    }
    if (traces != 0) {
      throw new AssertionError(traces + " statements got a trace although there is no tracer");
    }
  }
}
