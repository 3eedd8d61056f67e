package dev.tenantpool.pool;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
  private static final int SCHEDULER_THREADS = 2;
  private static final Object LOCK = new Object();
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final ThreadFactory FACTORY = PoolThreads::newThread;

  // Blocking lifecycle work (closing pools, enforcing maxPools): a few threads, created on demand
  // and gone when idle, so that the scheduler's threads only ever schedule.
  private static final int LIFECYCLE_THREADS = 4;
  private static final ThreadPoolExecutor LIFECYCLE = lifecycleExecutor();

  private static ScheduledThreadPoolExecutor scheduler;
  private static int users;

  private static ThreadPoolExecutor lifecycleExecutor() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(LIFECYCLE_THREADS, LIFECYCLE_THREADS, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "tenantpool-lifecycle-" + THREAD_NUMBER.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * The executor for blocking lifecycle work: closing a pool waits for its connections and the
   * server, which the shared scheduler must never do. Its threads stop when idle; it needs no
   * release.
   */
  public static Executor lifecycle() {
    return LIFECYCLE;
  }

  // Background probes of open circuits: one at a time per server, so as many threads as servers
  // with open circuits, created on demand and gone when idle.
  private static final ThreadPoolExecutor PROBES = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
      new java.util.concurrent.SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "tenantpool-probe-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });

  /** The executor of background probes of open circuits; it needs no release. */
  public static Executor probes() {
    return PROBES;
  }

  /** How many acquire() calls are not yet released (for tests). */
  static int users() {
    synchronized (LOCK) {
      return users;
    }
  }

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

  // Virtual threads where the JDK has them (21 and newer), found reflectively: the driver is
  // built for Java 17. Null on older JDKs.
  private static final ThreadFactory VIRTUAL = virtualThreadFactory();

  /**
   * The factory of HikariCP's per-pool helper threads (connection adder, closer, network-timeout
   * executor): virtual threads named {@code tenantpool-virtual-N} when {@code virtual} and the
   * JDK has them, else {@link #threadFactory()}. A burst of new tenants then costs no platform
   * thread per pool: the adder only waits (the connection attempt itself runs on the bounded
   * {@code tenantpool-connect-N} threads), and a waiting virtual thread holds no carrier.
   */
  public static ThreadFactory helperThreadFactory(boolean virtual) {
    return virtual && VIRTUAL != null ? VIRTUAL : FACTORY;
  }

  /** Whether this JDK gives pools virtual helper threads when asked to. */
  public static boolean virtualThreadsAvailable() {
    return VIRTUAL != null;
  }

  private static ThreadFactory virtualThreadFactory() {
    if (Runtime.version().feature() < 21) {
      return null; // a preview before 21
    }
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> type = Class.forName("java.lang.Thread$Builder");
      builder = type.getMethod("name", String.class, long.class).invoke(builder, "tenantpool-virtual-", 1L);
      return (ThreadFactory) type.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "tenantpool-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
