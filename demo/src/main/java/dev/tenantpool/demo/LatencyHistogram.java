package dev.tenantpool.demo;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram in microseconds with log-linear buckets: exact below 16 µs, then
 * eight buckets per power of two (at most 12.5 % error), up to about 12 days. Many workload
 * threads record; the display thread reads or drains it.
 */
final class LatencyHistogram {
  private static final int EXACT = 16;
  private static final int SUB_BUCKET_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
  private static final int MAX_EXPONENT = 40;
  static final int BUCKETS = EXACT + (MAX_EXPONENT - 4 + 1) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void recordNanos(long nanos) {
    counts.incrementAndGet(index(Math.max(0, nanos / 1_000)));
  }

  /** The counts so far. */
  Snapshot snapshot() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
    }
    return new Snapshot(copy);
  }

  /** The counts since the last drain, resetting them. */
  Snapshot drain() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.getAndSet(i, 0);
    }
    return new Snapshot(copy);
  }

  static int index(long micros) {
    if (micros < EXACT) {
      return (int) micros;
    }
    int exponent = Math.min(63 - Long.numberOfLeadingZeros(micros), MAX_EXPONENT);
    int sub = (int) ((micros >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
    return EXACT + (exponent - 4) * SUB_BUCKETS + sub;
  }

  /** The smallest value of bucket {@code index}, in microseconds. */
  static long lowerBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int exponent = (index - EXACT) / SUB_BUCKETS + 4;
    int sub = (index - EXACT) % SUB_BUCKETS;
    return (long) (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
  }

  /** An immutable copy of the bucket counts. */
  static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new long[BUCKETS]);

    private final long[] counts;
    private final long total;

    private Snapshot(long[] counts) {
      this.counts = counts;
      long sum = 0;
      for (long c : counts) {
        sum += c;
      }
      this.total = sum;
    }

    long count() {
      return total;
    }

    /** The {@code quantile} (0..1) in microseconds: the middle of its bucket; -1 when empty. */
    long percentileMicros(double quantile) {
      if (total == 0) {
        return -1;
      }
      long rank = Math.max(1, (long) Math.ceil(quantile * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return i < EXACT ? i : (lowerBound(i) + lowerBound(i + 1)) / 2;
        }
      }
      return lowerBound(counts.length - 1);
    }

    Snapshot plus(Snapshot other) {
      long[] sum = new long[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) {
        sum[i] = counts[i] + other.counts[i];
      }
      return new Snapshot(sum);
    }
  }
}
