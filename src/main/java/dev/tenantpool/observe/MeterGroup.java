package dev.tenantpool.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters one tag value shares: one tenant when meters are tagged by tenant, every tenant of a
 * tier, or all tenants. Gauges sum (or, for the circuit, take the worst of) the members' values,
 * so they stay correct whatever the grouping. The meters are removed from the registry when the
 * last member leaves, so an evicted tenant's series disappear.
 */
final class MeterGroup {
  private final MeterRegistry registry;
  private final Tags tags;
  private final boolean histograms;
  private final List<PoolGauges> members = new CopyOnWriteArrayList<>();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, Counter> transitions = new java.util.concurrent.ConcurrentHashMap<>();

  final Timer acquireSuccess;
  final Timer acquireTimeout;
  final Timer acquireRejected;
  final Timer acquireError;
  final Timer usage;
  final Timer poolCreation;
  final Counter circuitRejected;
  private final AtomicReferenceArray<Timer> statementDurations = new AtomicReferenceArray<>(Operation.values().length);
  private final AtomicReferenceArray<Counter> statementErrors = new AtomicReferenceArray<>(Operation.values().length);

  MeterGroup(MeterRegistry registry, Tags tags, boolean histograms) {
    this.registry = registry;
    this.tags = tags;
    this.histograms = histograms;
    acquireSuccess = acquireTimer(AcquireOutcome.SUCCESS);
    acquireTimeout = acquireTimer(AcquireOutcome.TIMEOUT);
    acquireRejected = acquireTimer(AcquireOutcome.REJECTED);
    acquireError = acquireTimer(AcquireOutcome.ERROR);
    usage = keep(timer("tenantpool.connection.usage", "Time a connection is leased, from borrow to close()").tags(tags).register(registry));
    poolCreation = keep(timer("tenantpool.pool.creation", "Time to create a tenant's pool and open its first connection").tags(tags).register(registry));
    circuitRejected = keep(Counter.builder("tenantpool.circuit.rejected")
        .description("getConnection calls refused because the tenant's circuit was open").tags(tags).register(registry));
    gauge("tenantpool.connections", "active", "Connections lent out", PoolGauges::active);
    gauge("tenantpool.connections", "idle", "Connections open and not lent", PoolGauges::idle);
    gauge("tenantpool.connections", "pending", "Threads waiting for a connection", PoolGauges::pending);
    gauge("tenantpool.connections", "total", "Open physical connections", PoolGauges::total);
    keep(Gauge.builder("tenantpool.circuit.state", this, MeterGroup::worstCircuit)
        .description("Circuit breaker state: 0 closed, 1 half-open, 2 open (the worst of the group)").tags(tags)
        .register(registry));
  }

  private Timer acquireTimer(AcquireOutcome outcome) {
    return keep(timer("tenantpool.connection.acquire", "Time to borrow a connection, by outcome")
        .tags(tags).tag("outcome", outcome.tag()).register(registry));
  }

  private Timer.Builder timer(String name, String description) {
    Timer.Builder builder = Timer.builder(name).description(description);
    return histograms ? builder.publishPercentileHistogram() : builder;
  }

  private void gauge(String name, String state, String description, java.util.function.ToIntFunction<PoolGauges> value) {
    keep(Gauge.builder(name, this, group -> group.sum(value))
        .description(description).tags(tags).tag("state", state).register(registry));
  }

  private double sum(java.util.function.ToIntFunction<PoolGauges> value) {
    long sum = 0;
    for (PoolGauges member : members) {
      sum += value.applyAsInt(member);
    }
    return sum;
  }

  private double worstCircuit() {
    int worst = 0;
    for (PoolGauges member : members) {
      worst = Math.max(worst, member.circuitState());
    }
    return worst;
  }

  private <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  Timer statementDuration(Operation operation) {
    Timer timer = statementDurations.get(operation.ordinal());
    if (timer == null) {
      // Registering twice is harmless: the registry hands back the meter it already has.
      timer = keep(timer("tenantpool.statement.duration", "Statement execution time")
          .tags(tags).tag("operation", operation.name()).register(registry));
      statementDurations.set(operation.ordinal(), timer);
    }
    return timer;
  }

  Counter statementErrors(Operation operation) {
    Counter counter = statementErrors.get(operation.ordinal());
    if (counter == null) {
      counter = keep(Counter.builder("tenantpool.statement.errors").description("Statements that failed")
          .tags(tags).tag("operation", operation.name()).register(registry));
      statementErrors.set(operation.ordinal(), counter);
    }
    return counter;
  }

  Counter transitions(String from, String to) {
    // Rare (a circuit changing state): created on demand, once per pair.
    return transitions.computeIfAbsent(from + ">" + to, pair -> keep(Counter.builder("tenantpool.circuit.transitions")
        .description("Circuit breaker state changes").tags(tags).tag("from", from).tag("to", to).register(registry)));
  }

  void join(PoolGauges member) {
    members.add(member);
  }

  /** Removes {@code member}; returns true when the group is empty and its meters were removed. */
  boolean leave(PoolGauges member) {
    members.remove(member);
    if (!members.isEmpty()) {
      return false;
    }
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
    return true;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }
}
