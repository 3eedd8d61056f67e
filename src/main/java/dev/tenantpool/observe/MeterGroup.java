package dev.tenantpool.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToIntFunction;

/**
 * The meters one tag value shares: one tenant when meters are tagged by tenant, every tenant of a
 * tier, or all tenants. Gauges sum (or, for the circuit, take the worst of) the members' values,
 * so they stay correct whatever the grouping. The meters are removed from the registry when the
 * last member leaves, so an evicted tenant's series disappear.
 *
 * <p>Meters created on first use (per operation, per transition) are registered under this
 * object's lock, which {@link #leave} takes too: a statement that finishes on a connection of a
 * pool being evicted can never register a meter after the group's meters were removed (it gets a
 * no-op one instead), so no series outlives its pool.
 */
final class MeterGroup {
  private static final Timer DISCARDED_TIMER = new NoopTimer(
      new Meter.Id("tenantpool.discarded", Tags.empty(), null, null, Meter.Type.TIMER));
  private static final Counter DISCARDED_COUNTER = new NoopCounter(
      new Meter.Id("tenantpool.discarded", Tags.empty(), null, null, Meter.Type.COUNTER));

  private final MeterRegistry registry;
  private final Tags tags;
  private final boolean histograms;
  private final List<PoolGauges> members = new CopyOnWriteArrayList<>();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
  private boolean removed; // guarded by this

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

  private void gauge(String name, String state, String description, ToIntFunction<PoolGauges> value) {
    keep(Gauge.builder(name, this, group -> group.sum(value))
        .description(description).tags(tags).tag("state", state).register(registry));
  }

  private double sum(ToIntFunction<PoolGauges> value) {
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
    return timer != null ? timer : registerStatementDuration(operation);
  }

  private synchronized Timer registerStatementDuration(Operation operation) {
    Timer timer = statementDurations.get(operation.ordinal());
    if (timer == null) {
      if (removed) {
        return DISCARDED_TIMER;
      }
      timer = keep(timer("tenantpool.statement.duration", "Statement execution time")
          .tags(tags).tag("operation", operation.name()).register(registry));
      statementDurations.set(operation.ordinal(), timer);
    }
    return timer;
  }

  Counter statementErrors(Operation operation) {
    Counter counter = statementErrors.get(operation.ordinal());
    return counter != null ? counter : registerStatementErrors(operation);
  }

  private synchronized Counter registerStatementErrors(Operation operation) {
    Counter counter = statementErrors.get(operation.ordinal());
    if (counter == null) {
      if (removed) {
        return DISCARDED_COUNTER;
      }
      counter = keep(Counter.builder("tenantpool.statement.errors").description("Statements that failed")
          .tags(tags).tag("operation", operation.name()).register(registry));
      statementErrors.set(operation.ordinal(), counter);
    }
    return counter;
  }

  /** The counter of {@code from -> to} transitions; rare, so created on demand. */
  synchronized Counter transitions(String from, String to) {
    Counter counter = transitions.get(from + ">" + to);
    if (counter == null) {
      if (removed) {
        return DISCARDED_COUNTER;
      }
      counter = keep(Counter.builder("tenantpool.circuit.transitions")
          .description("Circuit breaker state changes").tags(tags).tag("from", from).tag("to", to).register(registry));
      transitions.put(from + ">" + to, counter);
    }
    return counter;
  }

  void join(PoolGauges member) {
    members.add(member);
  }

  /** Removes {@code member}; returns true when the group is empty and its meters were removed. */
  synchronized boolean leave(PoolGauges member) {
    members.remove(member);
    if (!members.isEmpty()) {
      return false;
    }
    removeMeters();
    return true;
  }

  /** Removes every meter of the group, members or not (the data source is closing). */
  synchronized void removeMeters() {
    removed = true;
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
  }
}
