package dev.tenantpool.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Count, total and recent maximum of durations, read at scrape time: what a Micrometer timer
 * shows, for the price of one striped increment per recording. Published as a
 * {@code FunctionTimer} (count and total) and a gauge named like a timer's maximum, so that a
 * Prometheus scrape shows {@code _count}, {@code _sum} and {@code _max} exactly as a timer would.
 *
 * <p>Micrometer's own timer keeps its maximum in a ring of atomics that reads the clock on every
 * recording; here a zero duration (most calls, on the {@link CoarseClock}) touches neither the
 * total nor the maximum, and the maximum is kept per 60-second window: what a scrape sees is the
 * largest of the current and the previous window, so a spike stays visible for one to two
 * minutes (Micrometer's default is two).
 */
final class DurationStats extends LongAdder implements DurationMeter {
  private static final long serialVersionUID = 1L;
  static final long WINDOW_MILLIS = 60_000;
  private static final VarHandle TOTAL_NANOS;

  static {
    try {
      TOTAL_NANOS = MethodHandles.lookup().findVarHandle(DurationStats.class, "totalNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The count is this LongAdder itself (striped: every recording counts, from every thread of the
  // group's tenants): one object fewer for a borrow to touch, a cache miss fewer once tenants
  // outnumber the caches.
  // Not striped: only a duration of a millisecond or more adds to it, which is rare where
  // recordings are many (a striped adder would cost every tenant's meters its cells' memory).
  private volatile long totalNanos;
  private volatile long window = CoarseClock.millis() / WINDOW_MILLIS;
  private volatile long currentMax;
  private volatile long previousMax;

  @Override
  public void record(long nanos) {
    increment();
    if (nanos > 0) {
      recordNonZero(nanos);
    }
  }

  // Out of line: the rare case on the coarse clock, kept out of the methods record() is inlined into.
  private void recordNonZero(long nanos) {
    TOTAL_NANOS.getAndAdd(this, nanos);
    if (nanos > currentMax || window != CoarseClock.millis() / WINDOW_MILLIS) {
      recordMax(nanos);
    }
  }

  private synchronized void recordMax(long nanos) {
    rotate();
    if (nanos > currentMax) {
      currentMax = nanos;
    }
  }

  // Called under the lock: by a recording that found a new window (at most once a window) or by a scrape.
  private void rotate() {
    long now = CoarseClock.millis() / WINDOW_MILLIS;
    if (now != window) {
      previousMax = now == window + 1 ? currentMax : 0;
      currentMax = 0;
      window = now;
    }
  }

  long count() {
    return sum();
  }

  double totalNanos() {
    return totalNanos;
  }

  /** The largest duration of the current and the previous window, in seconds. */
  synchronized double maxSeconds() {
    rotate();
    return Math.max(currentMax, previousMax) / 1e9;
  }
}
