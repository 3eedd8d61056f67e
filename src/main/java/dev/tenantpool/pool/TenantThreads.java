package dev.tenantpool.pool;

import dev.tenantpool.observe.TenantMdc;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's view of the shared {@link PoolThreads}: what its HikariCP pool runs in the
 * background (the housekeeper, the connection adder and closer, maxLifetime retirements, leak
 * reports) runs with the SLF4J MDC key {@value dev.tenantpool.observe.TenantMdc#KEY} set to the tenant, so those log lines can
 * be filtered by tenant like the application's own.
 *
 * <p>The scheduler is a view: it wraps each task and hands it to the shared scheduler; shutting the
 * view down does nothing (HikariCP never shuts down a scheduler it was given, and the shared one
 * belongs to {@link PoolThreads}). The thread factory's threads serve this tenant's pool only, so
 * the key is set for a thread's whole life.
 */
final class TenantThreads extends AbstractExecutorService implements ScheduledExecutorService {
  private final ScheduledExecutorService shared;
  private final String tenant;
  private final ThreadFactory threadFactory;

  TenantThreads(ScheduledExecutorService shared, ThreadFactory sharedFactory, String tenant) {
    this.shared = shared;
    this.tenant = tenant;
    this.threadFactory = task -> sharedFactory.newThread(withTenant(task));
  }

  /** Creates the pool's own threads (adder, closer, network timeouts), tenant set in the MDC. */
  ThreadFactory threadFactory() {
    return threadFactory;
  }

  /** {@code task}, run with the MDC key set to this tenant (and the previous value restored). */
  Runnable withTenant(Runnable task) {
    return TenantMdc.around(tenant, task);
  }

  private <V> Callable<V> withTenant(Callable<V> task) {
    return () -> {
      String previous = TenantMdc.enter(tenant);
      try {
        return task.call();
      } finally {
        TenantMdc.restore(previous);
      }
    };
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return shared.schedule(withTenant(command), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return shared.schedule(withTenant(callable), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return shared.scheduleAtFixedRate(withTenant(command), initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return shared.scheduleWithFixedDelay(withTenant(command), initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    shared.execute(withTenant(command));
  }

  /** Does nothing: the shared scheduler outlives any one tenant. */
  @Override
  public void shutdown() {
    // See the class comment.
  }

  /** Does nothing and returns no task: the shared scheduler outlives any one tenant. */
  @Override
  public List<Runnable> shutdownNow() {
    return Collections.emptyList();
  }

  @Override
  public boolean isShutdown() {
    return shared.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return shared.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return shared.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "TenantThreads[tenant=" + tenant + "]";
  }
}
