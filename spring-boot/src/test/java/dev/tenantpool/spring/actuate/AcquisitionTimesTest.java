package dev.tenantpool.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The 99th percentile read from histogram buckets, whichever way a registry counts them. */
class AcquisitionTimesTest {
  private static CountAtBucket[] buckets(double... millisAndCounts) {
    CountAtBucket[] buckets = new CountAtBucket[millisAndCounts.length / 2];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new CountAtBucket((double) TimeUnit.MILLISECONDS.toNanos((long) millisAndCounts[2 * i]), millisAndCounts[2 * i + 1]);
    }
    return buckets;
  }

  @Test
  void cumulativeBucketsGiveTheBoundOfTheBucketThatHoldsThe99thPercentile() {
    // 100 samples: 90 up to 1 ms, 9 more up to 5 ms, the last up to 50 ms.
    assertThat(AcquisitionTimes.fromBuckets(buckets(1, 90, 5, 99, 50, 100), 100, 40)).isEqualTo(5);
  }

  @Test
  void perBucketCountsGiveTheSameAnswer() {
    assertThat(AcquisitionTimes.fromBuckets(buckets(1, 90, 5, 9, 50, 1), 100, 40)).isEqualTo(5);
  }

  @Test
  void theAnswerIsNeverAboveTheMax() {
    assertThat(AcquisitionTimes.fromBuckets(buckets(1, 0, 100, 10), 10, 7.5)).isEqualTo(7.5);
  }

  @Test
  void samplesAboveTheLargestBucketGiveTheMax() {
    assertThat(AcquisitionTimes.fromBuckets(buckets(1, 5, 2, 6), 10, 900)).isEqualTo(900);
  }
}
