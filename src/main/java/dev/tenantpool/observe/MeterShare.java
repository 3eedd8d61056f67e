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
 * replicas, its circuit gauge shows the worst), and so are the {@code tenantpool.pools} gauge, the
 * eviction counters and the budget gauges of a server (their used and max values summed).
 * Created by the data source, handed to each router through {@link ObserveSettings#share()}.
 */
public final class MeterShare {
  // Guarded by itself, as Observability's own map is.
  final Map<String, MeterGroup> groups = new HashMap<>();
  final Map<String, io.micrometer.core.instrument.Counter> evictions = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<IntSupplier> pools = new CopyOnWriteArrayList<>();
  private Meter poolsGauge; // guarded by this
  private int users; // guarded by this
  // Per server: the budgets of the routers that have one there, and their two gauges.
  private final Map<String, List<IntSupplier>> budgetsUsed = new HashMap<>(); // guarded by this
  private final Map<String, List<Meter>> budgetGauges = new HashMap<>(); // guarded by this

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

  /**
   * Counts a router's budget on {@code server} in the shared {@code tenantpool.budget.connections}
   * gauges: what the routers' budgets there use, and the sum of their caps (each router has one).
   */
  synchronized void budget(MeterRegistry registry, Tags tags, String server, IntSupplier used, int max) {
    List<IntSupplier> members = budgetsUsed.computeIfAbsent(server, s -> new CopyOnWriteArrayList<>());
    members.add(used);
    if (!budgetGauges.containsKey(server)) {
      String description = "Physical connections to a server across tenants: in use, and the cap (tenantpool.maxTotalConnections)";
      budgetGauges.put(server, List.of(
          Gauge.builder("tenantpool.budget.connections", members, MeterShare::sum).description(description)
              .tags(tags).tag("server", server).tag("state", "used").strongReference(true).register(registry),
          Gauge.builder("tenantpool.budget.connections", members, list -> (double) list.size() * max)
              .description(description).tags(tags).tag("server", server).tag("state", "max").strongReference(true)
              .register(registry)));
    }
  }

  /** Takes a router's budget on {@code server} out of the gauges, removing them with the last one. */
  synchronized void budgetGone(MeterRegistry registry, String server, IntSupplier used) {
    List<IntSupplier> members = budgetsUsed.get(server);
    if (members == null || !members.remove(used) || !members.isEmpty()) {
      return;
    }
    budgetsUsed.remove(server);
    for (Meter gauge : budgetGauges.remove(server)) {
      registry.remove(gauge);
    }
  }

  /** Removes every budget gauge (the last router closed). */
  synchronized void removeBudgets(MeterRegistry registry) {
    for (List<Meter> gauges : budgetGauges.values()) {
      for (Meter gauge : gauges) {
        registry.remove(gauge);
      }
    }
    budgetGauges.clear();
    budgetsUsed.clear();
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
