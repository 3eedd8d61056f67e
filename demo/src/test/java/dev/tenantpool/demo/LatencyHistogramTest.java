package dev.tenantpool.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesAreWithinOnePercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 1; i <= 1_000; i++) {
      histogram.recordNanos(i * 10_000L);
    }
    LatencyHistogram.Snapshot snapshot = histogram.snapshot();
    assertThat(snapshot.count()).isEqualTo(1_000);
    assertThat((double) snapshot.percentileMicros(0.50)).isCloseTo(5_000, within(5_000 * 0.01));
    assertThat((double) snapshot.percentileMicros(0.99)).isCloseTo(9_900, within(9_900 * 0.01));
  }

  @Test
  void drainingStartsAFreshWindow() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.recordNanos(3_000);
    assertThat(histogram.drain().percentileMicros(0.5)).isEqualTo(3);
    assertThat(histogram.drain().count()).isZero();
    assertThat(LatencyHistogram.Snapshot.EMPTY.percentileMicros(0.99)).isEqualTo(-1);
  }

  @Test
  void noRecordingIsLostWhileWindowsAreDrained() throws Exception {
    LatencyHistogram histogram = new LatencyHistogram();
    int threads = 4;
    int each = 50_000;
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        await(start);
        for (int i = 0; i < each; i++) {
          histogram.recordNanos(1_000L + i);
        }
      });
      worker.start();
      workers.add(worker);
    }
    await(start);
    long drained = 0;
    while (workers.stream().anyMatch(Thread::isAlive)) {
      drained += histogram.drain().count();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    drained += histogram.drain().count();
    assertThat(drained).isEqualTo((long) threads * each);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
