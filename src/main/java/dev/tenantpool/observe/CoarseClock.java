package dev.tenantpool.observe;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A millisecond clock that costs a field read: one daemon thread ({@code tenantpool-clock})
 * writes {@link System#nanoTime()} in milliseconds every millisecond, and the hot path reads it.
 *
 * <p>Why: on the machines TenantPool is measured on, {@code System.nanoTime()} costs about 34 ns
 * (a virtualised TSC), and bare HikariCP's whole borrow and close costs about 150 ns, three of
 * its own clock reads included. Timing acquisition, lease and every statement with two more reads
 * each would cost more than everything else TenantPool does. Durations taken from this clock are
 * whole milliseconds: a call shorter than one counts 0 unless a tick falls inside it, so over many
 * calls the total is right (a tick falls inside a 0.2 ms call one time in five), while a
 * maximum is only known to within a millisecond. Percentile histograms
 * ({@code tenantpool.metrics.histograms=true}) use {@code System.nanoTime()} instead.
 *
 * <p>Reference-counted like the pool threads: the thread runs while a data source is open, and
 * a reading taken while none is open is merely stale.
 */
public final class CoarseClock {
  private static final long ORIGIN = System.nanoTime();
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Object LOCK = new Object();
  private static volatile long millis = elapsedMillis();
  private static Thread ticker; // guarded by LOCK
  private static int users; // guarded by LOCK

  private CoarseClock() {}

  /** Milliseconds since an arbitrary origin, at most about a millisecond old while a user holds the clock. */
  public static long millis() {
    return millis;
  }

  /** The {@link System#nanoTime()} value a reading of {@link #millis()} stands for. */
  public static long nanoTimeOf(long millisReading) {
    return ORIGIN + millisReading * TICK_NANOS;
  }

  private static long elapsedMillis() {
    return (System.nanoTime() - ORIGIN) / TICK_NANOS;
  }

  /** Starts the clock for one more user; every call must be matched by one {@link #release()}. */
  public static void acquire() {
    synchronized (LOCK) {
      if (users++ == 0) {
        millis = elapsedMillis();
        Thread thread = new Thread(CoarseClock::tick, "tenantpool-clock");
        thread.setDaemon(true);
        ticker = thread;
        thread.start();
      }
    }
  }

  /** Gives back one {@link #acquire()}; the last release stops the clock's thread. */
  public static void release() {
    Thread stopping = null;
    synchronized (LOCK) {
      if (users > 0 && --users == 0) {
        stopping = ticker;
        ticker = null;
      }
    }
    if (stopping != null) {
      LockSupport.unpark(stopping);
    }
  }

  /** Whether the clock's thread runs now (for tests). */
  static boolean running() {
    synchronized (LOCK) {
      return ticker != null;
    }
  }

  private static void tick() {
    Thread self = Thread.currentThread();
    while (current(self)) {
      millis = elapsedMillis();
      LockSupport.parkNanos(TICK_NANOS);
    }
  }

  private static boolean current(Thread thread) {
    synchronized (LOCK) {
      return ticker == thread;
    }
  }
}
