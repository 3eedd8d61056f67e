package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With nothing configured, TenantPool reports to Micrometer's global registry and to the global
 * OpenTelemetry once the application has set it. The global OpenTelemetry is JVM-wide state: this
 * class alone touches it, and resets it before and after each test.
 */
class GlobalDefaultsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = DB.tenants("obsg", 1);

  @BeforeEach
  @AfterEach
  void resetGlobalOpenTelemetry() {
    GlobalOpenTelemetry.resetForTest();
  }

  private static TenantPoolDataSource dataSource(String name) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsg_{tenant}"))
        .username(DB.user()).password(DB.password())
        .name(name)
        .build();
  }

  private static void select(TenantPoolDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection("t0"); Statement s = c.createStatement()) {
      s.executeQuery("SELECT name FROM tenant_info").close();
    }
  }

  @Test
  void metersGoToTheGlobalRegistryWhenNoneIsGiven() throws Exception {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      try (TenantPoolDataSource ds = dataSource("global-metrics")) {
        select(ds);
        assertThat(global.get("tenantpool.connection.acquire")
            .tags("datasource", "global-metrics", "tenant", "t0", "outcome", "success").functionTimer().count()).isEqualTo(1);
        assertThat(global.get("tenantpool.statement.duration").tags("operation", "SELECT").functionTimer().count()).isEqualTo(1);
      }
      assertThat(global.find("tenantpool.connection.acquire").tag("datasource", "global-metrics").meters()).isEmpty();
    } finally {
      Metrics.removeRegistry(global);
    }
  }

  @Test
  void spansGoToTheGlobalOpenTelemetryOnceSetWhichTenantPoolNeverSetsItself() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TenantPoolDataSource ds = dataSource("global-tracing")) {
      select(ds);
      // Calling GlobalOpenTelemetry.get() would have installed a no-op global for good.
      assertThat(GlobalOpenTelemetryProbe.isSet()).isFalse();
      try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
          .buildAndRegisterGlobal()) {
        // The global is looked for at most once a second: allow a few.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (exporter.getFinishedSpanItems().isEmpty() && System.nanoTime() < deadline) {
          select(ds);
          Thread.sleep(50);
        }
        assertThat(exporter.getFinishedSpanItems()).isNotEmpty().allSatisfy(span -> {
          assertThat(span.getName()).isEqualTo("SELECT");
          assertThat(span.getAttributes().get(AttributeKey.stringKey("tenantpool.tenant"))).isEqualTo("t0");
        });
      }
    }
  }
}
