package dev.tenantpool.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.observe.Observability;
import dev.tenantpool.observe.ObserveSettings;
import dev.tenantpool.observe.PoolGauges;
import dev.tenantpool.observe.TenantTag;
import dev.tenantpool.observe.TenantTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A target driver that throws a RuntimeException from {@code execute*} must not leave the
 * statement's span current on the thread: every later span of the thread would nest under it.
 */
class StatementTracingTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Observability observability = new Observability(
      new ObserveSettings(registry, sdk, TenantTag.TENANT, false, true, 0, "ds"), () -> 1);

  @AfterEach
  void close() {
    observability.close();
    sdk.close();
  }

  /** A target statement whose every execute method throws {@code failure}. */
  private static Statement throwingStatement(RuntimeException failure) {
    return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute")) {
            throw failure;
          }
          return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
  }

  private TenantConnection connection(Statement target) {
    Connection physical = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("createStatement")) {
            return target;
          }
          return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
    TenantTelemetry telemetry = observability.forTenant("acme", "default", new NoGauges(), "jdbc:postgresql://db:5432/app_acme");
    return new TenantConnection(physical, new ConnectionOwner() {
      @Override
      public String tenant() {
        return "acme";
      }

      @Override
      public boolean tenantGuard() {
        return false;
      }

      @Override
      public TenantTelemetry telemetry() {
        return telemetry;
      }

      @Override
      public void released(long borrowedAt) {
        telemetry.released(telemetry.nanosBetween(borrowedAt, telemetry.now()));
      }

      @Override
      public SQLException failed(SQLException failure) {
        return failure;
      }

      @Override
      public void removeAborted(java.sql.Connection pooled) throws SQLException {
        pooled.close();
      }
    }, null, telemetry.now());
  }

  @Test
  void aRuntimeExceptionFromTheDriverEndsTheSpanAndItsScope() throws Exception {
    IllegalStateException bug = new IllegalStateException("driver bug");
    TenantConnection connection = connection(throwingStatement(bug));
    Span parent = sdk.getTracer("test").spanBuilder("request").startSpan();
    try (Scope scope = parent.makeCurrent()) {
      Statement statement = connection.createStatement();
      assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isSameAs(bug);
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE t SET a = 1")).isSameAs(bug);
      statement.addBatch("INSERT INTO t VALUES (1)");
      statement.addBatch("INSERT INTO t VALUES (2)");
      assertThatThrownBy(statement::executeBatch).isSameAs(bug);
      assertThat(Span.current()).isSameAs(parent);
    } finally {
      parent.end();
    }
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(exporter.getFinishedSpanItems()).hasSize(4).filteredOn(s -> !s.getName().equals("request"))
        .extracting(s -> s.getName()).containsExactly("SELECT", "UPDATE", "BATCH INSERT");
    assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> !s.getName().equals("request")).allSatisfy(span -> {
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.lang.IllegalStateException");
      assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    });
    assertThat(registry.get("tenantpool.statement.errors").tag("operation", "SELECT").counter().count()).isEqualTo(1);
    assertThat(registry.get("tenantpool.statement.errors").tag("operation", "INSERT").counter().count()).isEqualTo(1);
  }

  private static final class NoGauges implements PoolGauges {
    @Override
    public int active() {
      return 0;
    }

    @Override
    public int idle() {
      return 0;
    }

    @Override
    public int pending() {
      return 0;
    }

    @Override
    public int total() {
      return 0;
    }

    @Override
    public int circuitState() {
      return 0;
    }
  }
}
