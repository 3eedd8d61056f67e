package dev.tenantpool;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded by one thread, read after it finished. */
final class Latencies {
  private long[] values = new long[1024];
  private int count;

  void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  int count() {
    return count;
  }

  /** Merges {@code others} into one set. */
  static Latencies of(Iterable<Latencies> others) {
    Latencies all = new Latencies();
    for (Latencies other : others) {
      for (int i = 0; i < other.count; i++) {
        all.add(other.values[i]);
      }
    }
    return all;
  }

  /** The {@code p}-th percentile (0 < p <= 100) in nanoseconds, nearest rank. */
  long percentile(double p) {
    if (count == 0) {
      throw new IllegalStateException("no latencies recorded");
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }

  long median() {
    return percentile(50);
  }

  /** "median 12.3 µs, p99 45.6 µs, max 78.9 µs (n=1000)". */
  String summary() {
    return String.format("median %.1f µs, p99 %.1f µs, max %.1f µs (n=%d)",
        median() / 1e3, percentile(99) / 1e3, percentile(100) / 1e3, count);
  }
}
