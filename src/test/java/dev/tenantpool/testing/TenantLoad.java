package dev.tenantpool.testing;

import dev.tenantpool.TenantPoolDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads running {@link TenantQuery}s on random tenants of one data source until stopped; a
 * query that throws or lands on another tenant's database counts as a failure, and one that throws
 * prints a line {@code failure <exception>} (which ClusterBudgetIT reads from its child JVMs).
 */
public final class TenantLoad implements AutoCloseable {
  private final AtomicInteger operations = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  /** Starts {@code threadCount} threads, each holding its connection 20 ms on the server per query. */
  public TenantLoad(TenantPoolDataSource dataSource, List<String> tenants, int threadCount) {
    this(dataSource, tenants, threadCount, 0.02);
  }

  /** Starts {@code threadCount} threads, each holding its connection {@code holdSeconds} on the server per query. */
  public TenantLoad(TenantPoolDataSource dataSource, List<String> tenants, int threadCount, double holdSeconds) {
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(() -> {
        while (running.get()) {
          try {
            if (TenantQuery.landsOnItsTenant(dataSource, tenants, holdSeconds)) {
              operations.incrementAndGet();
            } else {
              failures.incrementAndGet();
            }
          } catch (Exception e) {
            failures.incrementAndGet();
            System.out.println("failure " + e);
          }
        }
      }, "load-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  public int operations() {
    return operations.get();
  }

  public int failures() {
    return failures.get();
  }

  /** Stops the threads and waits for their last queries. */
  public void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
