package dev.tenantpool.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsCoverEveryValueInOrder() {
    int previous = -1;
    for (long micros = 0; micros < 5_000_000; micros = micros < 100 ? micros + 1 : micros * 11 / 10) {
      int index = LatencyHistogram.index(micros);
      assertThat(index).isBetween(previous, LatencyHistogram.BUCKETS - 1);
      assertThat(LatencyHistogram.lowerBound(index)).isLessThanOrEqualTo(micros);
      assertThat(LatencyHistogram.lowerBound(index + 1)).isGreaterThan(micros);
      previous = index;
    }
    assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isLessThan(LatencyHistogram.BUCKETS);
  }

  @Test
  void percentilesAreWithinTheBucketResolution() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 1; i <= 1_000; i++) {
      histogram.recordNanos(i * 10_000L);
    }
    LatencyHistogram.Snapshot snapshot = histogram.snapshot();
    assertThat(snapshot.count()).isEqualTo(1_000);
    assertThat((double) snapshot.percentileMicros(0.50)).isCloseTo(5_000, within(5_000 * 0.125));
    assertThat((double) snapshot.percentileMicros(0.99)).isCloseTo(9_900, within(9_900 * 0.125));
  }

  @Test
  void drainingStartsAFreshWindow() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.recordNanos(3_000);
    assertThat(histogram.drain().percentileMicros(0.5)).isEqualTo(3);
    assertThat(histogram.drain().count()).isZero();
    assertThat(LatencyHistogram.Snapshot.EMPTY.percentileMicros(0.99)).isEqualTo(-1);
  }
}
