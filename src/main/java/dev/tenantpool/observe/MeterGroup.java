package dev.tenantpool.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The meters one tag value shares: one tenant when meters are tagged by tenant, every tenant of a
 * tier, or all tenants. Gauges sum (or, for the circuit, take the worst of) the members' values,
 * so they stay correct whatever the grouping. The meters are removed from the registry when the
 * last member leaves, so an evicted tenant's series disappear.
 *
 * <p>What every tenant has is registered with the group: successful acquisitions, lease time, pool
 * creation and the gauges. Series of what may never happen (failed acquisitions by outcome,
 * refusals, statements by operation, transitions) are registered on first use, under this
 * object's lock, which {@link #leave} takes too: a statement that finishes on a connection of a
 * pool being evicted can never register a meter after the group's meters were removed (it gets a
 * no-op one instead), so no series outlives its pool. An idle tenant's group is thus ten meters:
 * acquisitions and lease time (each a function timer and its maximum), pool creation (a timer),
 * the four connection gauges and the circuit's.
 */
final class MeterGroup {
  private static final DurationMeter DISCARDED_DURATIONS = nanos -> { };
  private static final Counter DISCARDED_COUNTER = new NoopCounter(
      new Meter.Id("tenantpool.discarded", Tags.empty(), null, null, Meter.Type.COUNTER));
  private static final Durations ACQUIRE = new Durations("tenantpool.connection.acquire",
      "Time to borrow a connection, by outcome");
  private static final Durations USAGE = new Durations("tenantpool.connection.usage",
      "Time a connection is leased, from borrow to close()");
  private static final Durations CREATION = new Durations("tenantpool.pool.creation",
      "Time to create a tenant's pool and open its first connection");
  private static final Durations STATEMENT = new Durations("tenantpool.statement.duration", "Statement execution time");

  // Tags every group shares, made once: a meter's tags keep the Tag objects they are given.
  private static final Tag SUCCESS = Tag.of("outcome", AcquireOutcome.SUCCESS.tag());
  private static final Tag ACTIVE = Tag.of("state", "active");
  private static final Tag IDLE = Tag.of("state", "idle");
  private static final Tag PENDING = Tag.of("state", "pending");
  private static final Tag TOTAL = Tag.of("state", "total");

  private final MeterRegistry registry;
  private final Tags tags;
  private final boolean histograms;
  private final List<PoolGauges> members = new CopyOnWriteArrayList<>();
  private final List<Meter> meters = new ArrayList<>(); // guarded by this once constructed
  private Map<String, Counter> transitions; // guarded by this; created by the first transition
  private boolean removed; // guarded by this

  final DurationMeter acquireSuccess;
  final DurationMeter usage;
  final DurationMeter poolCreation;
  private volatile Counter circuitRejected;
  private final AtomicReferenceArray<DurationMeter> acquireFailures =
      new AtomicReferenceArray<>(AcquireOutcome.values().length);
  // A plain array, read on every statement: a racy read sees null (and registers under the lock)
  // or a meter whose final fields are set, which is all a meter needs to be recorded into.
  private final DurationMeter[] statementDurations = new DurationMeter[Operation.values().length];
  private final AtomicReferenceArray<Counter> statementErrors = new AtomicReferenceArray<>(Operation.values().length);

  MeterGroup(MeterRegistry registry, Tags tags, boolean histograms) {
    this.registry = registry;
    this.tags = tags;
    this.histograms = histograms;
    acquireSuccess = durations(ACQUIRE, tags.and(SUCCESS));
    usage = durations(USAGE, tags);
    // A Micrometer timer: recorded once per pool creation, off the hot path, and one meter (count,
    // total and max) weighs less than a function timer with a maximum gauge beside it.
    poolCreation = timer(CREATION, tags);
    gauge(ACTIVE, "Connections lent out", group -> group.sum(PoolGauges::active));
    gauge(IDLE, "Connections open and not lent", group -> group.sum(PoolGauges::idle));
    gauge(PENDING, "Threads waiting for a connection", group -> group.sum(PoolGauges::pending));
    gauge(TOTAL, "Open physical connections", group -> group.sum(PoolGauges::total));
    keep(Gauge.builder("tenantpool.circuit.state", this, MeterGroup::worstCircuit)
        .description("Circuit breaker state: 0 closed, 1 half-open, 2 open (the worst of the group)").tags(tags)
        .register(registry));
  }

  /**
   * A series of durations named {@code name}: by default count and total read at scrape time
   * plus a gauge {@code <name>.seconds.max} (a Prometheus scrape shows exactly a timer's
   * {@code _count}, {@code _sum} and {@code _max}); with histograms, a Micrometer timer.
   */
  private DurationMeter durations(Durations series, Tags meterTags) {
    if (histograms) {
      return timer(series, meterTags);
    }
    DurationStats stats = new DurationStats();
    keep(FunctionTimer.builder(series.name, stats, DurationStats::count, DurationStats::totalNanos, TimeUnit.NANOSECONDS)
        .description(series.description).tags(meterTags).register(registry));
    keep(Gauge.builder(series.maxName, stats, DurationStats::maxSeconds)
        .description(series.maxDescription).tags(meterTags).register(registry));
    return stats;
  }

  private DurationMeter timer(Durations series, Tags meterTags) {
    Timer.Builder builder = Timer.builder(series.name).description(series.description).tags(meterTags);
    Timer timer = keep((histograms ? builder.publishPercentileHistogram() : builder).register(registry));
    return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The names and descriptions of one series of durations, built once: a meter's id keeps them,
   * and strings built per tenant would cost every tenant's meters their own copies.
   */
  private static final class Durations {
    final String name;
    final String description;
    final String maxName;
    final String maxDescription;

    Durations(String name, String description) {
      this.name = name;
      this.description = description;
      this.maxName = name + ".seconds.max";
      this.maxDescription = description + ": the largest in the last one to two minutes, in seconds";
    }
  }

  // Non-capturing functions (one instance each, shared by every group), not one lambda per group and state.
  private void gauge(Tag state, String description, ToDoubleFunction<MeterGroup> value) {
    keep(Gauge.builder("tenantpool.connections", this, value)
        .description(description).tags(tags.and(state)).register(registry));
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

  /** The durations of {@code outcome}'s acquisitions. */
  DurationMeter acquire(AcquireOutcome outcome) {
    if (outcome == AcquireOutcome.SUCCESS) {
      return acquireSuccess;
    }
    DurationMeter meter = acquireFailures.get(outcome.ordinal());
    return meter != null ? meter : registerAcquireFailure(outcome);
  }

  private synchronized DurationMeter registerAcquireFailure(AcquireOutcome outcome) {
    DurationMeter meter = acquireFailures.get(outcome.ordinal());
    if (meter == null) {
      if (removed) {
        return DISCARDED_DURATIONS;
      }
      meter = durations(ACQUIRE, tags.and("outcome", outcome.tag()));
      acquireFailures.set(outcome.ordinal(), meter);
    }
    return meter;
  }

  Counter circuitRejected() {
    Counter counter = circuitRejected;
    return counter != null ? counter : registerCircuitRejected();
  }

  private synchronized Counter registerCircuitRejected() {
    if (circuitRejected == null) {
      if (removed) {
        return DISCARDED_COUNTER;
      }
      circuitRejected = keep(Counter.builder("tenantpool.circuit.rejected")
          .description("getConnection calls refused because the tenant's circuit was open").tags(tags)
          .register(registry));
    }
    return circuitRejected;
  }

  DurationMeter statementDuration(Operation operation) {
    DurationMeter meter = statementDurations[operation.ordinal()];
    return meter != null ? meter : registerStatementDuration(operation);
  }

  private synchronized DurationMeter registerStatementDuration(Operation operation) {
    DurationMeter meter = statementDurations[operation.ordinal()];
    if (meter == null) {
      if (removed) {
        return DISCARDED_DURATIONS;
      }
      meter = durations(STATEMENT, tags.and("operation", operation.name()));
      statementDurations[operation.ordinal()] = meter;
    }
    return meter;
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
    if (transitions == null) {
      transitions = new HashMap<>();
    }
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
