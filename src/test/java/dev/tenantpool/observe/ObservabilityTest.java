package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObservabilityTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ObserveSettings settings(TenantTag tag) {
    return new ObserveSettings(registry, null, tag, false, false, 0, "ds");
  }

  static final class Gauges implements PoolGauges {
    volatile int active;
    volatile int circuit;

    @Override
    public int active() {
      return active;
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
      return active;
    }

    @Override
    public int circuitState() {
      return circuit;
    }
  }

  @Test
  void thePoolsGaugeSurvivesGarbageCollection() throws Exception {
    AtomicInteger pools = new AtomicInteger(3);
    // A bound method reference, as the router passes: nothing but the gauge holds it.
    try (Observability observability = new Observability(settings(TenantTag.TENANT), pools::get)) {
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(registry.get("tenantpool.pools").tag("datasource", "ds").gauge().value()).isEqualTo(3.0);
    }
  }

  @Test
  void aStatementThatFinishesAfterItsTenantLeftRegistersNoMeter() {
    try (Observability observability = new Observability(settings(TenantTag.TENANT), () -> 0)) {
      TenantTelemetry acme = observability.forTenant("acme", "default", new Gauges(), "jdbc:postgresql://db/app_acme");
      acme.close("explicit");
      acme.statementFailed(Operation.SELECT, acme.now(), null, new IllegalStateException("late"));
      acme.transition(dev.tenantpool.CircuitState.CLOSED, dev.tenantpool.CircuitState.OPEN);
      assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
          .containsExactlyInAnyOrder("tenantpool.pools", "tenantpool.pool.evictions");
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void tenantsWithoutATenantTagShareOneSeriesWhoseGaugesSumAndTakeTheWorstCircuit() {
    try (Observability observability = new Observability(settings(TenantTag.NONE), () -> 0)) {
      Gauges a = new Gauges();
      Gauges b = new Gauges();
      TenantTelemetry acme = observability.forTenant("acme", "default", a, null);
      int metersWithOneTenant = registry.getMeters().size();
      TenantTelemetry bravo = observability.forTenant("bravo", "default", b, null);
      assertThat(registry.getMeters()).hasSize(metersWithOneTenant);
      a.active = 2;
      b.active = 3;
      b.circuit = 2;
      assertThat(registry.get("tenantpool.connections").tag("state", "active").gauge().value()).isEqualTo(5.0);
      assertThat(registry.get("tenantpool.circuit.state").gauge().value()).isEqualTo(2.0);
      for (Meter meter : registry.getMeters()) {
        assertThat(meter.getId().getTag("tenant")).isNull();
      }
      acme.close(null);
      assertThat(registry.get("tenantpool.connections").tag("state", "active").gauge().value()).isEqualTo(3.0);
      bravo.close(null);
      assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("tenantpool.pools");
    }
  }

  @Test
  void closingRemovesEveryMeterEvenOfTenantsStillThere() {
    Observability observability = new Observability(settings(TenantTag.TIER), () -> 0);
    observability.forTenant("acme", "gold", new Gauges(), null).acquired(1_000);
    observability.poolRetired("idle");
    assertThat(registry.get("tenantpool.connection.acquire").tag("tier", "gold").tag("outcome", "success").functionTimer().count()).isEqualTo(1);
    observability.close();
    assertThat(registry.getMeters()).isEmpty();
  }
}
