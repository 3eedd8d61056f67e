package dev.tenantpool.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Samples every 20 ms how many backends the server has for the databases named
 * {@code <prefix>_...}, and keeps the largest count: what a connection budget must hold under.
 */
public final class BackendSampler implements AutoCloseable {
  private final AtomicInteger max = new AtomicInteger();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean running = true;
  private final Thread thread;

  public BackendSampler(TestDatabase db, String prefix) {
    thread = new Thread(() -> {
      try {
        while (running) {
          max.accumulateAndGet(db.backends(prefix), Math::max);
          count.incrementAndGet();
          Thread.sleep(20);
        }
      } catch (Exception e) {
        failure.set(e);
      }
    }, "backend-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The most backends seen in one sample. */
  public int max() {
    return max.get();
  }

  /** Samples taken. */
  public int count() {
    return count.get();
  }

  /**
   * Stops sampling and returns the largest count, failing when the sampler stopped on an error
   * (a sampler that stopped early would report a maximum that proves nothing).
   */
  public int stopAndMax() throws InterruptedException {
    close();
    if (failure.get() != null) {
      throw new AssertionError("the backend sampler stopped after " + count.get() + " samples", failure.get());
    }
    return max.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
