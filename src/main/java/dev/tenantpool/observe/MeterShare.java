package dev.tenantpool.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * The meters several routers of one data source and role report to as one: the routers of the
 * first, second, ... read replica of every tenant. Two routers registering the same meter id
 * would otherwise get one meter bound to the first router's counts, and the first to close would
 * remove it under the other. A tenant's meter group is shared (its gauges sum the pools of all its
 * replicas, its circuit gauge shows the worst), and so is the {@code tenantpool.pools} gauge.
 * Created by the data source, handed to each router through {@link ObserveSettings#share()}.
 */
public final class MeterShare {
  // Guarded by itself, as Observability's own map is.
  final Map<String, MeterGroup> groups = new HashMap<>();
  private final List<IntSupplier> pools = new CopyOnWriteArrayList<>();
  private Meter poolsGauge; // guarded by this
  private int users; // guarded by this

  /** A share no router uses yet. */
  public MeterShare() {}

  /** Counts {@code pooled} in the shared {@code tenantpool.pools} gauge, registering it with the first router. */
  synchronized Meter join(MeterRegistry registry, Tags tags, IntSupplier pooled) {
    users++;
    pools.add(pooled);
    if (poolsGauge == null) {
      poolsGauge = Gauge.builder("tenantpool.pools", pools, MeterShare::sum)
          .description("Tenant pools open").tags(tags).strongReference(true).register(registry);
    }
    return poolsGauge;
  }

  /** True when the last router left: the caller then removes the shared meters. */
  synchronized boolean leave(IntSupplier pooled) {
    pools.remove(pooled);
    return --users == 0;
  }

  private static double sum(List<IntSupplier> suppliers) {
    int total = 0;
    for (IntSupplier supplier : suppliers) {
      total += supplier.getAsInt();
    }
    return total;
  }
}
