package dev.tenantpool.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where every physical connection attempt runs: on a thread of its own, waited for at most a
 * timeout, and at most {@link #PER_SERVER} at once per database server.
 *
 * <p>A target driver may never return from a connection attempt (a server that accepts TCP and
 * never answers, with pgJDBC's defaults). The caller, HikariCP's connection adder or the tenant's
 * first borrower, gives up after its timeout and gets TP006; the attempt's thread stays blocked
 * in the driver, which TenantPool cannot interrupt. Bounding those per server bounds what a hanging
 * server costs: threads, and the budget permits the attempts hold, never the other servers'. An
 * attempt that completes after its caller gave up has its connection closed.
 */
final class ConnectAttempts {
  /** Attempts in flight per server; callers beyond it wait for one to finish, within their timeout. */
  static final int PER_SERVER = 4;

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  // Threads on demand, gone after 5 idle seconds: as many as attempts in flight, at most
  // PER_SERVER per server.
  private static final ThreadPoolExecutor THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
      new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "tenantpool-connect-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
  private static final ConcurrentHashMap<String, Semaphore> SLOTS = new ConcurrentHashMap<>();

  private ConnectAttempts() {}

  /**
   * Runs {@code attempt} against {@code server}, waiting at most {@code timeoutMs} in all. The
   * attempt cleans up after itself when it fails; {@code notStarted} runs instead when it never
   * started (no slot came free in time), so that what the caller reserved for it is given back.
   *
   * @throws SQLException the attempt's own failure, or TP006 (a database failure) when the
   *     server did not complete a connection in time
   */
  static Connection run(String server, String tenant, Callable<Connection> attempt, long timeoutMs, Runnable notStarted)
      throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Semaphore slots = SLOTS.computeIfAbsent(server, s -> new Semaphore(PER_SERVER));
    try {
      if (!slots.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        notStarted.run();
        throw new PoolTimeoutException(PER_SERVER + " connection attempts to server " + server + " are already under"
            + " way and none completed within " + timeoutMs + " ms; the server accepts connections but does not"
            + " answer. Set the target driver's socket timeout (pgJDBC: socketTimeout) so abandoned attempts end",
            null, true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      notStarted.run();
      throw new PoolTimeoutException("interrupted while waiting to connect tenant " + tenant, e, false);
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    try {
      THREADS.execute(() -> {
        try {
          result.complete(attempt.call());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        } finally {
          slots.release();
        }
      });
    } catch (RuntimeException e) {
      slots.release();
      notStarted.run();
      throw e;
    }
    try {
      return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw (SQLException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("a connection attempt of tenant " + tenant + " failed", cause);
    } catch (TimeoutException e) {
      result.thenAccept(ConnectAttempts::closeQuietly);
      throw new PoolTimeoutException("the database of tenant " + tenant + " did not complete a connection within "
          + timeoutMs + " ms (tenantpool.connectionTimeout); it accepts connections but does not answer. Set the target driver's socket timeout"
          + " (pgJDBC: socketTimeout) so abandoned attempts end too", e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.thenAccept(ConnectAttempts::closeQuietly);
      throw new PoolTimeoutException("interrupted while connecting tenant " + tenant, e, false);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // A connection that came too late and was never used; nothing to report.
    }
  }

  /** Attempts under way now against {@code server} (for tests). */
  static int inFlight(String server) {
    Semaphore slots = SLOTS.get(server);
    return slots == null ? 0 : PER_SERVER - slots.availablePermits();
  }
}
