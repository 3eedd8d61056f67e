package dev.tenantpool.catalog;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every catalog shares: the current {@link CatalogContent}, swapped whole on reload; the
 * periodic task on the shared scheduler; and telling listeners which tenants changed.
 */
abstract class RefreshingCatalog implements TenantCatalog {
  static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.catalog");

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile CatalogContent content;
  private volatile ScheduledFuture<?> task;
  volatile boolean closed;

  /** The current content, or null before the first successful read. */
  final CatalogContent content() {
    return content;
  }

  /** Runs {@link #tick()} every {@code periodMs} on {@code scheduler}, the first time after {@code initialDelayMs}. */
  final void start(ScheduledExecutorService scheduler, long initialDelayMs, long periodMs) {
    task = scheduler.scheduleWithFixedDelay(this::tickSafely, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    if (closed) {
      return;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      // A periodic task that throws is cancelled for good: log and keep the schedule alive.
      LOG.error("tenant catalog {}: refresh failed", describe(), e);
    }
  }

  /** One refresh step on the scheduler thread. */
  abstract void tick();

  /**
   * Makes {@code next} the content, then tells listeners about each tenant whose entry changed
   * (none on the first read: nothing was routed by an earlier one).
   */
  final void publish(CatalogContent next) {
    CatalogContent previous = content;
    content = next;
    if (previous == null || closed) {
      return;
    }
    Set<String> changed = previous.changedTenants(next);
    if (!changed.isEmpty()) {
      LOG.info("tenant catalog {}: {} tenant(s) changed", describe(), changed.size());
    }
    for (String tenant : changed) {
      String outer = MDC.get("tenant");
      MDC.put("tenant", tenant);
      try {
        for (Listener listener : listeners) {
          try {
            listener.tenantChanged(tenant);
          } catch (RuntimeException e) {
            LOG.error("tenant catalog {}: a listener failed on the change of tenant {}", describe(), tenant, e);
          }
        }
      } finally {
        if (outer == null) {
          MDC.remove("tenant");
        } else {
          MDC.put("tenant", outer);
        }
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
  }

  @Override
  public String toString() {
    CatalogContent current = content;
    return getClass().getSimpleName() + "[" + describe() + ", tenants=" + (current == null ? "unread" : current.size())
        + (closed ? ", closed" : "") + "]";
  }
}
