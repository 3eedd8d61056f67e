package dev.tenantpool.catalog;

import dev.tenantpool.observe.TenantMdc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every catalog shares: the current {@link CatalogContent}, swapped whole on reload; the
 * refresh step, timed by the shared scheduler and run on the catalog's own thread; telling
 * listeners which tenants changed; and confirming a removal before reporting it.
 *
 * <p><b>Threads.</b> The shared scheduler's two threads serve every pool's housekeeping and the
 * budget's permit returns, so it only <em>schedules</em> here: its task hands a refresh step to
 * this catalog's own executor, one daemon thread named {@code tenantpool-catalog-N} that ends
 * after a minute without work and is stopped by {@link #close()}. At most one step is queued or
 * running at a time, so a catalog database that hangs costs one thread, not a growing queue, and
 * reads never overlap.
 *
 * <p><b>Confirmed removal.</b> A reading can miss tenants that are still meant to exist: a file
 * read while it is being written, a row deleted and inserted again in two transactions. A tenant
 * missing from a reading is therefore kept (lookups still find its last entry) until every
 * reading for at least {@value #REMOVAL_CONFIRM_MS} ms has missed it; only the first reading
 * after that reports it removed. A tenant that reappears meanwhile was never gone. Entries that
 * change are reported at once.
 */
abstract class RefreshingCatalog implements TenantCatalog {
  static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.catalog");
  /** How long a tenant must be missing, reading after reading, before it counts as removed. */
  static final long REMOVAL_CONFIRM_MS = 1_000;
  private static final long REMOVAL_CONFIRM_NANOS = TimeUnit.MILLISECONDS.toNanos(REMOVAL_CONFIRM_MS);
  private static final long IDLE_THREAD_MS = 60_000;
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor worker;
  // The step queued or running, which a caller may wait for; null when none is.
  private final AtomicReference<CompletableFuture<Void>> pending = new AtomicReference<>();
  // Tenants missing from the readings since the given System.nanoTime(). Touched only by publish
  // and the refresh step, which never run at once (the first publish precedes the first step).
  private final Map<String, Long> missingSince = new HashMap<>();
  private volatile CatalogContent content;
  private volatile ScheduledFuture<?> task;
  volatile boolean closed;

  RefreshingCatalog() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_THREAD_MS, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), RefreshingCatalog::newThread);
    executor.allowCoreThreadTimeOut(true);
    this.worker = executor;
  }

  private static Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "tenantpool-catalog-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** The current content, or null before the first successful read. */
  final CatalogContent content() {
    return content;
  }

  /**
   * Asks {@code scheduler} to start a refresh step every {@code periodMs}, the first after
   * {@code initialDelayMs}; the step itself runs on the catalog's own thread.
   */
  final void start(ScheduledExecutorService scheduler, long initialDelayMs, long periodMs) {
    task = scheduler.scheduleWithFixedDelay(this::refreshSoon, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@link #tick()} on the catalog's thread soon, or joins the step already queued or
   * running; never blocks. The future completes when that step has ended, however it ended.
   */
  final CompletableFuture<Void> refreshSoon() {
    CompletableFuture<Void> step = new CompletableFuture<>();
    CompletableFuture<Void> queued = pending.compareAndExchange(null, step);
    if (queued != null) {
      return queued;
    }
    if (closed) {
      pending.compareAndSet(step, null);
      step.complete(null);
      return step;
    }
    try {
      worker.execute(() -> {
        try {
          tickSafely();
        } finally {
          pending.compareAndSet(step, null);
          step.complete(null);
        }
      });
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
      pending.compareAndSet(step, null);
      step.complete(null);
    }
    return step;
  }

  private void tickSafely() {
    if (closed) {
      return;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      // Keep the catalog alive for the next step; this one's failure is logged.
      LOG.error("tenant catalog {}: refresh failed", describe(), e);
    }
  }

  /** One refresh step, on the catalog's own thread. */
  abstract void tick();

  /** Lets go of what the catalog holds (a connection), on its own thread once closed; idempotent. */
  void release() {}

  /**
   * True when a tenant missing from the readings has been missing long enough that the next
   * reading decides: a catalog then reads even if nothing says its source changed.
   */
  final boolean removalCheckDue() {
    long now = System.nanoTime();
    for (long since : missingSince.values()) {
      if (now - since >= REMOVAL_CONFIRM_NANOS) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes {@code reading}, with the tenants whose removal is not yet confirmed kept, the content;
   * then tells listeners about each tenant whose entry changed (none on the first read: nothing
   * was routed by an earlier one).
   */
  final void publish(CatalogContent reading) {
    CatalogContent previous = content;
    if (previous == null) {
      content = reading;
      return;
    }
    long now = System.nanoTime();
    List<TenantSpec> kept = new ArrayList<>();
    for (String tenant : previous.tenants()) {
      if (reading.tenant(tenant) != null) {
        missingSince.remove(tenant); // back (or never gone): a later miss starts anew
        continue;
      }
      Long since = missingSince.putIfAbsent(tenant, now);
      if (since == null || now - since < REMOVAL_CONFIRM_NANOS) {
        kept.add(previous.tenant(tenant));
      } else {
        missingSince.remove(tenant); // confirmed: reported below as removed
      }
    }
    if (!kept.isEmpty()) {
      LOG.debug("tenant catalog {}: {} tenant(s) missing from this reading, kept until readings for {} ms confirm it",
          describe(), kept.size(), REMOVAL_CONFIRM_MS);
    }
    CatalogContent next = kept.isEmpty() ? reading : reading.keeping(kept);
    content = next;
    if (closed) {
      return;
    }
    Set<String> changed = previous.changedTenants(next);
    if (!changed.isEmpty()) {
      LOG.info("tenant catalog {}: {} tenant(s) changed", describe(), changed.size());
    }
    for (String tenant : changed) {
      String outer = TenantMdc.enter(tenant);
      try {
        for (Listener listener : listeners) {
          try {
            listener.tenantChanged(tenant);
          } catch (RuntimeException e) {
            LOG.error("tenant catalog {}: a listener failed on the change of tenant {}", describe(), tenant, e);
          }
        }
      } finally {
        TenantMdc.restore(outer);
      }
    }
  }

  @Override
  public TierSpec tier(String tier) {
    CatalogContent current = content;
    return current == null ? null : current.tier(tier);
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> running = task;
    if (running != null) {
      running.cancel(false);
    }
    // What the catalog holds is let go on its own thread, after the step under way (whose I/O is
    // bounded): close() never waits for a catalog database. No interrupt either: a step that runs
    // a listener must not be cut short in the router's code.
    try {
      worker.execute(this::release);
    } catch (RejectedExecutionException e) {
      release(); // closed before: nothing is under way
    }
    worker.shutdown();
    CompletableFuture<Void> step = pending.getAndSet(null);
    if (step != null) {
      step.complete(null); // whoever waits for it gets its answer now
    }
  }

  @Override
  public String toString() {
    CatalogContent current = content;
    return getClass().getSimpleName() + "[" + describe() + ", tenants=" + (current == null ? "unread" : current.size())
        + (closed ? ", closed" : "") + "]";
  }
}
