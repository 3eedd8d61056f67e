package dev.tenantpool.demo;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, on HdrHistogram: workload threads record without locks (a
 * {@link Recorder}); the display thread reads the counts so far or drains a window. Two
 * significant digits: percentiles within 1 %.
 */
final class LatencyHistogram {
  private static final int SIGNIFICANT_DIGITS = 2;

  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  // What the recorder handed over since the last drain; only the reading thread touches it.
  private final Histogram pending = new Histogram(SIGNIFICANT_DIGITS);

  void recordNanos(long nanos) {
    recorder.recordValue(Math.max(0, nanos / 1_000));
  }

  /** The counts since the last drain (all of them when never drained). */
  synchronized Snapshot snapshot() {
    pending.add(recorder.getIntervalHistogram());
    return new Snapshot(pending.copy());
  }

  /** The counts since the last drain, starting a new window. */
  synchronized Snapshot drain() {
    pending.add(recorder.getIntervalHistogram());
    Snapshot window = new Snapshot(pending.copy());
    pending.reset();
    return window;
  }

  /** An immutable copy of the counts. */
  static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new Histogram(SIGNIFICANT_DIGITS));

    private final Histogram counts;

    private Snapshot(Histogram counts) {
      this.counts = counts;
    }

    long count() {
      return counts.getTotalCount();
    }

    /** The {@code quantile} (0..1) in microseconds; -1 when empty. */
    long percentileMicros(double quantile) {
      return counts.getTotalCount() == 0 ? -1 : counts.getValueAtPercentile(quantile * 100);
    }

    Snapshot plus(Snapshot other) {
      Histogram sum = counts.copy();
      sum.add(other.counts);
      return new Snapshot(sum);
    }
  }
}
