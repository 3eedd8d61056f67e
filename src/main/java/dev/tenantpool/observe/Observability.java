package dev.tenantpool.observe;

import dev.tenantpool.url.TargetAddress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The metrics and tracing of one router: the only place, with its package, that calls Micrometer
 * or OpenTelemetry. Hands each tenant a {@link TenantTelemetry}.
 *
 * <p>With no {@code OpenTelemetry} given, the global one is used once the application (or the
 * Java agent) has set it: TenantPool never calls {@code GlobalOpenTelemetry.get()} itself, which
 * would install a no-op global and make the application's later {@code set} fail.
 */
public final class Observability implements AutoCloseable {
  static final String INSTRUMENTATION = "dev.tenantpool";
  /** How often, at most, the hot path checks whether the global OpenTelemetry has been set. */
  static final long GLOBAL_LOOKUP_INTERVAL_MILLIS = 1_000;

  private final ObserveSettings settings;
  private final MeterRegistry registry;
  // Tenants' meter groups by tag value: this router's own, or those of its MeterShare.
  private final Map<String, MeterGroup> groups;
  private final MeterShare share;
  private final IntSupplier pools;
  // The datasource tag, and the role tag when the data source has read replicas.
  private final Tags baseTags;
  private final Meter poolsGauge;
  private final java.util.List<Meter> budgetGauges = new java.util.concurrent.CopyOnWriteArrayList<>();
  // With a share: this router's budget per server, as it was counted in the share's gauges.
  private final Map<String, IntSupplier> sharedBudgets = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, io.micrometer.core.instrument.Counter> evictions;
  private volatile Tracer tracer;
  // Tracing is on and no OpenTelemetry was given: use the global one once it is set.
  private final boolean lookForGlobal;
  private volatile long nextGlobalLookup;

  /** Reports to {@code settings}; {@code pools} is read by the {@code tenantpool.pools} gauge. */
  public Observability(ObserveSettings settings, IntSupplier pools) {
    this.settings = settings;
    this.registry = settings.registry() != null ? settings.registry() : io.micrometer.core.instrument.Metrics.globalRegistry;
    // A strong reference: the supplier is usually a method reference nobody else holds, and
    // Micrometer's default weak one would let it be collected, turning the gauge into NaN.
    Tags base = Tags.of("datasource", settings.dataSource());
    this.baseTags = settings.role() == null ? base : base.and("role", settings.role());
    this.share = settings.share();
    this.pools = pools;
    this.evictions = share == null ? new java.util.concurrent.ConcurrentHashMap<>() : share.evictions;
    if (share == null) {
      this.groups = new HashMap<>();
      this.poolsGauge = Gauge.builder("tenantpool.pools", pools, p -> p.getAsInt())
          .description("Tenant pools open").tags(baseTags).strongReference(true)
          .register(registry);
    } else {
      this.groups = share.groups;
      this.poolsGauge = share.join(registry, baseTags, pools);
    }
    if (settings.tracing() && settings.openTelemetry() != null) {
      this.tracer = settings.openTelemetry().getTracer(INSTRUMENTATION);
    }
    this.lookForGlobal = settings.tracing() && settings.openTelemetry() == null;
    CoarseClock.acquire();
    this.nextGlobalLookup = CoarseClock.millis();
  }

  /** Whether durations are read from System.nanoTime() (histograms) rather than the CoarseClock. */
  boolean preciseDurations() {
    return settings.histograms();
  }

  /**
   * The tracer, or null while tracing is off or no OpenTelemetry is installed. On the hot path:
   * while the global OpenTelemetry is not set it is looked for at most once per
   * {@link #GLOBAL_LOOKUP_INTERVAL_MILLIS} (on the {@link CoarseClock}, no clock read), because {@code GlobalOpenTelemetry.isSet()} takes a
   * JVM-wide lock (see {@link GlobalOpenTelemetryProbe} for how it is asked on API versions
   * without that method) that every statement of every thread would otherwise contend on.
   */
  Tracer tracer() {
    Tracer current = tracer;
    if (current != null || !lookForGlobal) {
      return current;
    }
    long now = CoarseClock.millis();
    return now - nextGlobalLookup < 0 ? null : lookForGlobal(now);
  }

  // Out of line: once a second at most, and kept out of the execute methods tracer() is inlined into.
  private Tracer lookForGlobal(long now) {
    // Racy on purpose: two threads may both look, which is harmless.
    nextGlobalLookup = now + GLOBAL_LOOKUP_INTERVAL_MILLIS;
    if (!GlobalOpenTelemetryProbe.isSet()) {
      return null;
    }
    Tracer found = GlobalOpenTelemetry.get().getTracer(INSTRUMENTATION);
    tracer = found;
    return found;
  }

  long slowAcquireThresholdNanos() {
    return settings.slowAcquireThresholdMs() * 1_000_000L;
  }

  /**
   * Telemetry for {@code tenant} of {@code tier}, whose pool {@code gauges} reads; its meters are
   * shared with the other tenants of the same tag value.
   *
   * @param targetUrl the tenant's resolved target URL, for the {@code db.*} and {@code server.*}
   *     span attributes: only the parts {@link TargetAddress} knows to be safe are recorded
   */
  public TenantTelemetry forTenant(String tenant, String tier, PoolGauges gauges, String targetUrl) {
    String tagValue;
    Tags tags = baseTags;
    switch (settings.tenantTag()) {
      case TENANT:
        tagValue = tenant;
        tags = tags.and("tenant", tenant);
        break;
      case TIER:
        tagValue = tier;
        tags = tags.and("tier", tier);
        break;
      default:
        tagValue = "";
        break;
    }
    MeterGroup group;
    synchronized (groups) {
      group = groups.get(tagValue);
      if (group == null) {
        group = new MeterGroup(registry, tags, settings.histograms());
        groups.put(tagValue, group);
      }
      group.join(gauges);
    }
    return new TenantTelemetry(this, group, tagValue, gauges, tenant, targetUrl);
  }

  void leave(String tagValue, MeterGroup group, PoolGauges gauges) {
    synchronized (groups) {
      if (group.leave(gauges)) {
        groups.remove(tagValue, group);
      }
    }
  }

  /** Removes the gauges of a server's budget that is no longer used. */
  public void budgetGone(String server) {
    if (share != null) {
      IntSupplier used = sharedBudgets.remove(server);
      if (used != null) {
        share.budgetGone(registry, server, used);
      }
      return;
    }
    for (Meter gauge : budgetGauges) {
      if (server.equals(gauge.getId().getTag("server")) && budgetGauges.remove(gauge)) {
        registry.remove(gauge);
      }
    }
  }

  /**
   * Publishes a server's connection budget as {@code tenantpool.budget.connections} (state used|max)
   * and, for a share of a cluster budget, {@code tenantpool.budget.share}: the connections this
   * instance may open now, which moves with demand across the instances.
   */
  public void budget(String server, IntSupplier used, IntSupplier max, boolean clusterShare) {
    if (share != null) {
      // The routers of several replica positions may each have a budget on one server (replica
      // routers have no cluster budget: their cap is fixed).
      sharedBudgets.put(server, used);
      share.budget(registry, baseTags, server, used, max.getAsInt());
      return;
    }
    // Strongly referenced, like the pools gauge: the router hands a method reference only the gauge holds.
    budgetGauges.add(Gauge.builder("tenantpool.budget.connections", used, u -> u.getAsInt())
        .description("Physical connections to a server across tenants: in use, and the cap (tenantpool.maxTotalConnections)")
        .tags(baseTags).tag("server", server).tag("state", "used").strongReference(true)
        .register(registry));
    budgetGauges.add(Gauge.builder("tenantpool.budget.connections", max, m -> m.getAsInt())
        .description("Physical connections to a server across tenants: in use, and the cap (tenantpool.maxTotalConnections)")
        .tags(baseTags).tag("server", server).tag("state", "max").strongReference(true).register(registry));
    if (clusterShare) {
      budgetGauges.add(Gauge.builder("tenantpool.budget.share", max, m -> m.getAsInt())
          .description("This instance's current share of a server's cluster budget (tenantpool.clusterBudget)")
          .tags(baseTags).tag("server", server).strongReference(true).register(registry));
    }
  }

  /**
   * Counts a retired pool (published as {@code tenantpool.pool.evictions}, the name dashboards
   * know). Tagged by data source and reason, not by tenant: a tenant's own meters are removed with
   * its pool, so a per-tenant counter would vanish as it counts.
   */
  void poolRetired(String reason) {
    evictions.computeIfAbsent(reason, r -> io.micrometer.core.instrument.Counter.builder("tenantpool.pool.evictions")
        .description("Tenant pools closed by eviction, by reason").tags(baseTags)
        .tag("reason", r).register(registry)).increment();
  }

  /**
   * Removes the router's own meters, and those of any tenant still here: normally every tenant's
   * telemetry was closed before, this is the safety net that no series outlives its data source.
   */
  @Override
  public void close() {
    // Shared meters go with the last router of the share; until then the others still report to them.
    boolean last = share == null || share.leave(pools);
    if (last) {
      synchronized (groups) {
        for (MeterGroup group : groups.values()) {
          group.removeMeters();
        }
        groups.clear();
      }
      registry.remove(poolsGauge);
      if (share != null) {
        share.removeBudgets(registry);
      }
    } else {
      sharedBudgets.forEach((server, used) -> share.budgetGone(registry, server, used));
    }
    for (Meter gauge : budgetGauges) {
      registry.remove(gauge);
    }
    if (last) {
      for (io.micrometer.core.instrument.Counter counter : evictions.values()) {
        registry.remove(counter);
      }
    }
    CoarseClock.release();
  }
}
