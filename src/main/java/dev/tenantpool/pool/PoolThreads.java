package dev.tenantpool.pool;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one scheduler and thread factory every tenant pool in the JVM shares, so that 1,000 tenants
 * do not mean 1,000 housekeeping threads. HikariCP runs each pool's housekeeper on the shared
 * scheduler; its per-pool connection adder and closer use the shared factory and let their single
 * thread die after a few idle seconds, so an idle pool owns no thread at all.
 *
 * <p>Reference-counted: the scheduler starts with its first user and stops with its last, so a
 * closed data source leaves no thread behind. The lock guards only the counter, never I/O.
 */
public final class PoolThreads {
  /** The SLF4J MDC key that names the tenant while TenantPool works for it in the background. */
  public static final String MDC_TENANT = "tenant";
  private static final int SCHEDULER_THREADS = 2;
  private static final Object LOCK = new Object();
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final ThreadFactory FACTORY = PoolThreads::newThread;

  private static ScheduledThreadPoolExecutor scheduler;
  private static int users;

  private PoolThreads() {}

  /** The shared scheduler; every call must be matched by one {@link #release()}. */
  public static ScheduledExecutorService acquire() {
    synchronized (LOCK) {
      if (scheduler == null) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, FACTORY);
        // Pools cancel their housekeeping task on close; without this the queue keeps them.
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
      }
      users++;
      return scheduler;
    }
  }

  /** Gives back one {@link #acquire()}; the last release stops the scheduler's threads. */
  public static void release() {
    ScheduledThreadPoolExecutor stopping = null;
    synchronized (LOCK) {
      if (users > 0 && --users == 0) {
        stopping = scheduler;
        scheduler = null;
      }
    }
    if (stopping != null) {
      stopping.shutdownNow();
    }
  }

  /** The factory every pool thread comes from: daemon threads named {@code tenantpool-N}. */
  public static ThreadFactory threadFactory() {
    return FACTORY;
  }

  private static Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "tenantpool-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
