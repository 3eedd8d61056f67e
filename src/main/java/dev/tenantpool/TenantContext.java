package dev.tenantpool;

import java.util.ArrayList;
import java.util.List;
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
 * <p>The rules, which exist so that no pooled thread is ever left working for a tenant nobody
 * asked for:
 *
 * <ul>
 *   <li>Scopes nest: closing one makes current again the tenant that was current when it was
 *       opened.
 *   <li>A scope belongs to the thread that opened it. Closing it on another thread throws
 *       {@link IllegalStateException} and changes nothing on either thread.
 *   <li>Closing a scope that is not the innermost open one of its thread closes the scopes opened
 *       inside it as well, restores what was current before it, and then throws
 *       {@link IllegalStateException} naming the tenants it had to close.
 *   <li>The context is a plain thread-local, not inherited by new threads: {@link #wrap(Runnable)}
 *       and friends carry it to another thread explicitly, and afterwards give that thread back
 *       exactly the context it had before the task.
 * </ul>
 */
public final class TenantContext {
  // The innermost open scope of the thread, or null. Holding the scope rather than the tenant
  // keeps currentOrNull one ThreadLocal read and a field read, and gives close() the chain of
  // open scopes it checks its place in.
  private static final ThreadLocal<Scope> INNERMOST = new ThreadLocal<>();

  private TenantContext() {}

  /**
   * Makes {@code tenant} current until the returned scope is closed, on this thread.
   *
   * @throws IllegalArgumentException if {@code tenant} is null or blank
   */
  public static Scope use(String tenant) {
    String checked = requireTenant(tenant);
    Scope scope = new Scope(checked, Thread.currentThread(), INNERMOST.get(), false);
    INNERMOST.set(scope);
    return scope;
  }

  /** The current tenant, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(currentOrNull());
  }

  /** The current tenant or {@code null}; for hot paths that must not allocate. */
  public static String currentOrNull() {
    Scope innermost = INNERMOST.get();
    return innermost == null ? null : innermost.tenant;
  }

  /**
   * Runs {@code action} with {@code tenant} current.
   *
   * @throws IllegalStateException if {@code action} leaves a scope open (the tenant is still
   *     restored); added as suppressed if {@code action} itself throws
   */
  public static void run(String tenant, Runnable action) {
    Objects.requireNonNull(action, "action");
    try (Scope scope = use(tenant)) {
      action.run();
    }
  }

  /**
   * Calls {@code action} with {@code tenant} current and returns its result.
   *
   * @throws IllegalStateException if {@code action} leaves a scope open (the tenant is still
   *     restored); added as suppressed if {@code action} itself throws
   */
  public static <T> T call(String tenant, Callable<T> action) throws Exception {
    Objects.requireNonNull(action, "action");
    try (Scope scope = use(tenant)) {
      return action.call();
    }
  }

  /**
   * Captures the current tenant now and returns a runnable that runs {@code action} under it,
   * on whatever thread runs it. With no current tenant, the runnable clears the context while it
   * runs, so it never inherits a stale tenant from the worker thread.
   *
   * <p>The task runs in a context of its own: it cannot close the scopes the worker thread had
   * open before it started, and when it returns the worker's context is exactly what it was. A
   * scope the task left open is closed then and reported with {@link IllegalStateException}, as
   * {@link #run} does.
   */
  public static Runnable wrap(Runnable action) {
    Objects.requireNonNull(action, "action");
    String captured = currentOrNull();
    return () -> {
      try (Scope frame = isolate(captured)) {
        action.run();
      }
    };
  }

  /** Like {@link #wrap(Runnable)}, for a callable. */
  public static <T> Callable<T> wrap(Callable<T> action) {
    Objects.requireNonNull(action, "action");
    String captured = currentOrNull();
    return () -> {
      try (Scope frame = isolate(captured)) {
        return action.call();
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

  // Opens the frame a wrapped task runs in: tenant may be null (the task runs with none), and
  // the scopes of the thread outside the frame are out of the task's reach.
  private static Scope isolate(String tenant) {
    Scope frame = new Scope(tenant, Thread.currentThread(), INNERMOST.get(), true);
    INNERMOST.set(frame);
    return frame;
  }

  private static void makeCurrent(Scope scope) {
    // remove() rather than set(null): a pooled thread keeps no entry for a context it left.
    if (scope == null) {
      INNERMOST.remove();
    } else {
      INNERMOST.set(scope);
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

  /**
   * An open tenant scope of one thread; {@link #close()} makes current again the tenant that was
   * current when it was opened.
   *
   * <ul>
   *   <li>Close it on the thread that opened it, innermost scope first (try-with-resources does
   *       both).
   *   <li>Closing a closed scope does nothing.
   *   <li>On another thread, {@code close()} throws {@link IllegalStateException} and changes
   *       nothing, whether or not the scope is still open: the answer does not depend on timing.
   *   <li>Closed out of order, it first closes the scopes opened inside it (their own {@code
   *       close()} then does nothing), restores the tenant that was current before it, and then
   *       throws {@link IllegalStateException} naming the tenants it closed.
   * </ul>
   */
  public static final class Scope implements AutoCloseable {
    private final String tenant; // null only for the frame of a task wrapped with no tenant
    private final Thread owner;
    private final Scope outer; // what closing this scope makes current again
    // A wrapped task's frame: the scopes outside it belong to the worker, not to the task.
    private final boolean isolating;
    // Read and written only on the owner thread, so it needs no synchronisation.
    private boolean closed;

    private Scope(String tenant, Thread owner, Scope outer, boolean isolating) {
      this.tenant = tenant;
      this.owner = owner;
      this.outer = outer;
      this.isolating = isolating;
    }

    /**
     * Restores the tenant that was current when this scope was opened (idempotent).
     *
     * @throws IllegalStateException if called on a thread other than the one that opened the
     *     scope (nothing changes), if scopes opened inside this one were still open (they are
     *     closed and the previous tenant is restored first), or if this scope was opened outside
     *     the wrapped task that is now running (nothing changes)
     */
    @Override
    public void close() {
      Thread caller = Thread.currentThread();
      if (caller != owner) {
        throw new IllegalStateException(
            describe()
                + " was opened on thread "
                + name(owner)
                + " and cannot be closed on thread "
                + name(caller)
                + "; close it on the thread that opened it, and use TenantContext.wrap to run"
                + " work for the tenant on another thread");
      }
      if (closed) {
        return;
      }
      Scope innermost = INNERMOST.get();
      if (innermost == this) { // the common case: no walk, no allocation
        closed = true;
        makeCurrent(outer);
        return;
      }
      List<String> inner = new ArrayList<>();
      Scope scope = innermost;
      while (scope != this) {
        if (scope == null || scope.isolating) {
          // Every open scope is on its thread's chain, so this one lies below a wrapped task's
          // frame; closing it would pull the worker's context out from under the task.
          throw new IllegalStateException(
              describe()
                  + " was opened on thread "
                  + name(owner)
                  + " before the wrapped task now running there and cannot be closed by it;"
                  + " close it after the task returns");
        }
        inner.add(scope.tenant);
        scope = scope.outer;
      }
      for (scope = innermost; scope != this; scope = scope.outer) {
        scope.closed = true;
      }
      closed = true;
      makeCurrent(outer);
      String left = (inner.size() == 1 ? "tenant " : "tenants ") + quoted(inner);
      String restored =
          (outer == null || outer.tenant == null ? "no tenant" : "tenant \"" + outer.tenant + "\"")
              + " on thread "
              + name(owner);
      if (isolating) {
        throw new IllegalStateException(
            describe()
                + " returned with scopes still open, for "
                + left
                + "; closed them and restored "
                + restored
                + ". Close every scope the task opens, e.g. with try-with-resources");
      }
      throw new IllegalStateException(
          describe()
              + " was closed while scopes opened inside it were still open, for "
              + left
              + " (innermost first); closed them too and restored "
              + restored
              + ". Close scopes innermost first, e.g. with try-with-resources");
    }

    private String describe() {
      if (isolating) {
        return "the task wrapped "
            + (tenant == null ? "with no tenant" : "for tenant \"" + tenant + "\"");
      }
      return "the scope of tenant \"" + tenant + "\"";
    }

    private static String name(Thread thread) {
      return "\"" + thread.getName() + "\"";
    }

    private static String quoted(List<String> tenants) {
      StringBuilder text = new StringBuilder();
      for (String tenant : tenants) {
        if (text.length() > 0) {
          text.append(", ");
        }
        text.append('"').append(tenant).append('"');
      }
      return text.toString();
    }
  }
}
