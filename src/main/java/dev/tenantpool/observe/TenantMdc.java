package dev.tenantpool.observe;

import org.slf4j.MDC;

/**
 * Names the tenant in the SLF4J MDC (key {@value #KEY}) while TenantPool works for it, so its log
 * lines can be told apart, and puts back what was there: the work may run on an application thread
 * whose own MDC names another tenant, or on a pool thread that carries its tenant for its whole
 * life, and neither may lose its value.
 *
 * <pre>{@code
 * String previous = TenantMdc.enter(tenant);
 * try { ... } finally { TenantMdc.restore(previous); }
 * }</pre>
 *
 * Two static calls rather than a closeable scope: nothing is allocated per use.
 */
public final class TenantMdc {
  /** The MDC key that names the tenant. */
  public static final String KEY = "tenant";

  private TenantMdc() {}

  /** Sets the key to {@code tenant}; returns the value to hand to {@link #restore}. */
  public static String enter(String tenant) {
    String previous = MDC.get(KEY);
    MDC.put(KEY, tenant);
    return previous;
  }

  /** Puts back what {@link #enter} found (removes the key if it found none). */
  public static void restore(String previous) {
    if (previous == null) {
      MDC.remove(KEY);
    } else {
      MDC.put(KEY, previous);
    }
  }

  /** {@code task}, run with the key set to {@code tenant}. */
  public static Runnable around(String tenant, Runnable task) {
    return () -> {
      String previous = enter(tenant);
      try {
        task.run();
      } finally {
        restore(previous);
      }
    };
  }
}
