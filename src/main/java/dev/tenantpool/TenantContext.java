package dev.tenantpool;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The tenant the current thread works for. {@code getConnection} reads it when the call itself
 * names no tenant.
 *
 * <pre>{@code
 * try (TenantContext.Scope scope = TenantContext.use("acme");
 *      Connection c = dataSource.getConnection()) {
 *   ... // runs against acme's database
 * }
 * }</pre>
 *
 * <p>Scopes nest: closing one restores the tenant that was current when it was opened. The
 * context is a plain thread-local (not inherited): {@link #wrap(Runnable)} and friends carry it to
 * another thread explicitly, so a pooled worker thread never keeps a stale tenant.
 */
public final class TenantContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TenantContext() {}

  /**
   * Makes {@code tenant} current until the returned scope is closed.
   *
   * @throws IllegalArgumentException if {@code tenant} is null or blank
   */
  public static Scope use(String tenant) {
    String checked = requireTenant(tenant);
    String previous = CURRENT.get();
    CURRENT.set(checked);
    return new Scope(previous);
  }

  /** The current tenant, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** The current tenant or {@code null}; for hot paths that must not allocate. */
  public static String currentOrNull() {
    return CURRENT.get();
  }

  /** Runs {@code action} with {@code tenant} current. */
  public static void run(String tenant, Runnable action) {
    Objects.requireNonNull(action, "action");
    Scope scope = use(tenant);
    try {
      action.run();
    } finally {
      scope.close();
    }
  }

  /** Calls {@code action} with {@code tenant} current and returns its result. */
  public static <T> T call(String tenant, Callable<T> action) throws Exception {
    Objects.requireNonNull(action, "action");
    Scope scope = use(tenant);
    try {
      return action.call();
    } finally {
      scope.close();
    }
  }

  /**
   * Captures the current tenant now and returns a runnable that runs {@code action} under it,
   * on whatever thread runs it. With no current tenant, the runnable clears the context while it
   * runs, so it never inherits a stale tenant from the worker thread.
   */
  public static Runnable wrap(Runnable action) {
    Objects.requireNonNull(action, "action");
    String captured = CURRENT.get();
    return () -> {
      String previous = CURRENT.get();
      set(captured);
      try {
        action.run();
      } finally {
        set(previous);
      }
    };
  }

  /** Like {@link #wrap(Runnable)}, for a callable. */
  public static <T> Callable<T> wrap(Callable<T> action) {
    Objects.requireNonNull(action, "action");
    String captured = CURRENT.get();
    return () -> {
      String previous = CURRENT.get();
      set(captured);
      try {
        return action.call();
      } finally {
        set(previous);
      }
    };
  }

  /**
   * An executor that runs each task under the tenant that was current on the thread that
   * submitted it.
   */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(wrap(task));
  }

  private static void set(String tenant) {
    if (tenant == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(tenant);
    }
  }

  /** The API edge's check of a tenant id: non-null and not blank, else IllegalArgumentException. */
  static String requireTenant(String tenant) {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException(
          "tenant must be a non-blank id such as \"acme\", but was "
              + (tenant == null ? "null" : "\"" + tenant + "\""));
    }
    return tenant;
  }

  /** An open tenant scope; {@link #close()} restores the previous tenant (idempotent). */
  public static final class Scope implements AutoCloseable {
    private final String previous;
    private boolean closed;

    private Scope(String previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        set(previous);
      }
    }
  }
}
