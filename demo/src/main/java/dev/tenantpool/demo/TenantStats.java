package dev.tenantpool.demo;

import dev.tenantpool.demo.Timeline.Phase;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The workload's own numbers for one tenant, as an application would see them: operations that
 * succeeded, operations that failed (and how many of those the open circuit rejected at once),
 * how long getConnection took, how long whole operations took, by phase of the run.
 */
final class TenantStats {
  private final String tenant;
  private final LongAdder[] succeededByPhase = adders();
  private final LongAdder[] failedByPhase = adders();
  private final LongAdder rejected = new LongAdder();
  private final LatencyHistogram acquire = new LatencyHistogram();
  private final LatencyHistogram acquireWindow = new LatencyHistogram();
  private final LatencyHistogram[] operationByPhase = {
      new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()};
  private final AtomicLong windowOperations = new AtomicLong();
  private volatile String lastError;
  private volatile long firstOpenedMs = -1;
  private volatile long lastClosedMs = -1;
  private final AtomicLong circuitOpenings = new AtomicLong();

  TenantStats(String tenant) {
    this.tenant = tenant;
  }

  private static LongAdder[] adders() {
    return new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()};
  }

  String tenant() {
    return tenant;
  }

  void acquired(long nanos) {
    acquire.recordNanos(nanos);
    acquireWindow.recordNanos(nanos);
  }

  void succeeded(Phase phase, long operationNanos) {
    succeededByPhase[phase.ordinal()].increment();
    operationByPhase[phase.ordinal()].recordNanos(operationNanos);
    windowOperations.incrementAndGet();
  }

  /** A failed operation; {@code rejectedByCircuit} when it failed fast on an open circuit (TP004). */
  void failed(Phase phase, boolean rejectedByCircuit, String message) {
    failedByPhase[phase.ordinal()].increment();
    if (rejectedByCircuit) {
      rejected.increment();
    }
    lastError = message;
  }

  long succeeded() {
    return sum(succeededByPhase);
  }

  long succeeded(Phase phase) {
    return succeededByPhase[phase.ordinal()].sum();
  }

  long failed() {
    return sum(failedByPhase);
  }

  long failed(Phase phase) {
    return failedByPhase[phase.ordinal()].sum();
  }

  long rejected() {
    return rejected.sum();
  }

  String lastError() {
    return lastError;
  }

  /** Records a circuit transition reported by the driver {@code elapsedMs} into the run. */
  void circuitTransition(long elapsedMs, String to) {
    if (to.equals("OPEN")) {
      if (circuitOpenings.getAndIncrement() == 0) {
        firstOpenedMs = elapsedMs;
      }
    } else if (to.equals("CLOSED") && circuitOpenings.get() > 0) {
      lastClosedMs = elapsedMs;
    }
  }

  /** How many times the circuit went to OPEN (a failed half-open probe opens it again). */
  long circuitOpenings() {
    return circuitOpenings.get();
  }

  /** When the circuit first opened, in ms into the run, or -1. */
  long firstOpenedMs() {
    return firstOpenedMs;
  }

  /** When the circuit last closed after having opened, in ms into the run, or -1. */
  long lastClosedMs() {
    return lastClosedMs;
  }

  LatencyHistogram.Snapshot acquireTotal() {
    return acquire.snapshot();
  }

  LatencyHistogram.Snapshot operations() {
    return operations(Phase.BEFORE).plus(operations(Phase.DURING)).plus(operations(Phase.AFTER));
  }

  LatencyHistogram.Snapshot operations(Phase phase) {
    return operationByPhase[phase.ordinal()].snapshot();
  }

  /** Acquisition latencies and successful operations since the last call, resetting both. */
  Window drainWindow() {
    return new Window(acquireWindow.drain(), windowOperations.getAndSet(0));
  }

  private static long sum(LongAdder[] adders) {
    long total = 0;
    for (LongAdder adder : adders) {
      total += adder.sum();
    }
    return total;
  }

  /** What happened to one tenant between two refreshes of the table. */
  record Window(LatencyHistogram.Snapshot acquire, long operations) {}
}
