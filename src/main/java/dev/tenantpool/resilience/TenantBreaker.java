package dev.tenantpool.resilience;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.CircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's circuit breaker (Resilience4j), consulted by every {@code getConnection} that is
 * not on the fast path, and told every outcome that could change its judgement.
 *
 * <p>Two things keep it off a healthy tenant's borrow. <b>Resilience4j's breaker is created only
 * when first needed</b>, by the first failure or slow success: until then the tenant's fast
 * successes are only counted, up to the sliding window's size, and the breaker is created with
 * that many successes recorded, so it judges exactly as if it had recorded every call (a
 * count-based window forgets all but the last {@code slidingWindowSize} anyway). A healthy
 * tenant never pays Resilience4j's few kilobytes at all. <b>A clean window is not recorded
 * into</b>: once the window is full of fast successes and the circuit closed, one more fast
 * success changes nothing, so {@link #isClean()} lets the router skip the breaker entirely.
 * Soundness rests on {@link #epoch}: every recording other than a fast success, and every
 * transition, bumps it <em>after</em> recording, and the window is declared clean only with the
 * epoch read <em>before</em> looking at it. A failure racing with that declaration either shows in
 * what was looked at or moves the epoch, so a stale "clean" never hides a failure.
 *
 * <p>No event consumer is registered (one makes Resilience4j build an event object, clock reading
 * included, for every call); transitions are found by comparing the breaker's state with the
 * last one seen.
 */
public final class TenantBreaker {
  // successesBefore once Resilience4j's breaker exists: successes are recorded there.
  private static final int HANDED_OVER = -1;
  private static final VarHandle SUCCESSES_BEFORE;
  private static final VarHandle EPOCH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SUCCESSES_BEFORE = lookup.findVarHandle(TenantBreaker.class, "successesBefore", int.class);
      EPOCH = lookup.findVarHandle(TenantBreaker.class, "epoch", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Told about each transition; called on the thread whose call caused it. */
  @FunctionalInterface
  public interface TransitionListener {
    void onTransition(String tenant, CircuitState from, CircuitState to);
  }

  private final String tenant;
  private final BreakerSettings settings;
  private final boolean enabled;
  private final TransitionListener listener;
  private final long slowCallNanos;
  private final boolean traceEveryRefusal;
  private volatile long epoch;
  // The epoch at which the window was last seen full of fast successes; -1: not clean.
  private volatile long cleanAtEpoch = -1;
  // Fast successes counted before Resilience4j's breaker existed (at most the window), or HANDED_OVER.
  private volatile int successesBefore;
  private volatile CircuitBreaker breaker;
  private volatile CircuitState lastSeen;
  // Written when the circuit opens; read only when a call is refused (see refused()).
  private volatile OpenCircuitRefusal refusal;

  /** A breaker for {@code tenant}; {@code listener} hears each state change. */
  public TenantBreaker(String tenant, BreakerSettings settings, boolean traceEveryRefusal,
      TransitionListener listener) {
    this.tenant = tenant;
    this.settings = settings;
    this.enabled = settings.enabled();
    this.listener = listener;
    this.traceEveryRefusal = traceEveryRefusal;
    this.slowCallNanos = settings.slowCallThresholdMs() > 0
        ? TimeUnit.MILLISECONDS.toNanos(settings.slowCallThresholdMs()) : Long.MAX_VALUE;
    this.lastSeen = enabled ? CircuitState.CLOSED : CircuitState.DISABLED;
  }

  /**
   * True while a borrow needs neither a permission nor, when it succeeds fast, a recording: the
   * breaker is off, or its circuit is closed with a window full of fast successes. Two reads of
   * fields of this object.
   */
  public boolean isClean() {
    return !enabled || cleanAtEpoch == epoch;
  }

  /**
   * Whether every call so far was a fast success (Resilience4j's breaker, created by the first
   * other outcome, does not exist): the circuit is closed, and a borrow needs no permission, only
   * its success counted (a tenant's first borrows, until the window is full and
   * {@link #isClean()}).
   */
  public boolean onlyFastSuccesses() {
    return breaker == null;
  }

  /** Whether a success after {@code nanos} counts as slow (and must be recorded even when clean). */
  public boolean isSlow(long nanos) {
    return nanos >= slowCallNanos;
  }

  /**
   * Asks for permission to borrow a connection.
   *
   * @throws CircuitOpenException while the circuit is open (or half-open with every probe taken)
   */
  public void acquirePermission() throws CircuitOpenException {
    CircuitBreaker current = breaker;
    if (!enabled || current == null) {
      return; // no failure yet: closed
    }
    boolean permitted = current.tryAcquirePermission();
    noticeTransition(current);
    if (!permitted) {
      throw refused();
    }
  }

  /**
   * Throws the refusal while the circuit is open and its wait is not over, without asking
   * Resilience4j for a permission (which, once the wait is over, would move it to half-open and
   * take a probe's place): for a caller that only wants to know whether trying is pointless.
   *
   * @throws CircuitOpenException while the circuit is open and waiting
   */
  public void refuseWhileOpen() throws CircuitOpenException {
    OpenCircuitRefusal current = refusal;
    if (enabled && current != null && lastSeen == CircuitState.OPEN
        && System.currentTimeMillis() < current.nextProbe.toEpochMilli()) {
      throw refused();
    }
  }

  /** The borrow that was permitted succeeded after {@code nanos}. */
  public void onSuccess(long nanos) {
    if (!enabled) {
      return;
    }
    boolean fast = nanos < slowCallNanos;
    if (fast && isClean()) {
      return; // the window is full of fast successes: one more changes nothing
    }
    long before = epoch;
    CircuitBreaker current = breaker;
    if (current == null && fast && countedBefore(before)) {
      return;
    }
    if (current == null) {
      current = handOver();
    }
    current.onSuccess(nanos, TimeUnit.NANOSECONDS);
    if (!fast) {
      changed();
    }
    noticeTransition(current);
    if (fast && lastSeen == CircuitState.CLOSED) {
      CircuitBreaker.Metrics metrics = current.getMetrics();
      if (metrics.getNumberOfBufferedCalls() >= settings.slidingWindowSize() && metrics.getNumberOfFailedCalls() == 0
          && metrics.getNumberOfSlowCalls() == 0) {
        cleanAtEpoch = before;
      }
    }
  }

  /**
   * Counts a fast success while Resilience4j's breaker does not exist; false once it does (the
   * success must be recorded there). The window is clean once it holds as many as it can.
   */
  private boolean countedBefore(long epochBefore) {
    int window = settings.slidingWindowSize();
    while (true) {
      int seen = successesBefore;
      if (seen == HANDED_OVER) {
        return false;
      }
      if (seen >= window || SUCCESSES_BEFORE.compareAndSet(this, seen, seen + 1)) {
        if (seen + 1 >= window) {
          cleanAtEpoch = epochBefore;
        }
        return true;
      }
    }
  }

  /**
   * Creates Resilience4j's breaker with the fast successes counted so far recorded into it; the
   * count is closed first, so a success racing with this lands in exactly one of the two.
   */
  private synchronized CircuitBreaker handOver() {
    CircuitBreaker current = breaker;
    if (current != null) {
      return current;
    }
    current = CircuitBreaker.of(tenant, settings.toResilience4j());
    int counted = (int) SUCCESSES_BEFORE.getAndSet(this, HANDED_OVER);
    for (int i = 0; i < counted; i++) {
      current.onSuccess(0, TimeUnit.NANOSECONDS);
    }
    breaker = current;
    changed();
    return current;
  }

  /** Something other than a fast success was recorded, or the state moved: the window is not clean. */
  private void changed() {
    EPOCH.getAndAdd(this, 1L);
  }

  /**
   * The borrow that was permitted failed after {@code nanos}. It counts against the tenant when
   * {@code databaseFailed}; otherwise (TenantPool refused the call itself, or the pool was only
   * busy) the permission is released without counting.
   */
  public void onBorrowFailure(long nanos, SQLException failure, boolean databaseFailed) {
    if (!enabled) {
      return;
    }
    if (databaseFailed) {
      CircuitBreaker current = breaker != null ? breaker : handOver();
      current.onError(nanos, TimeUnit.NANOSECONDS, failure);
      changed();
      noticeTransition(current);
    } else {
      permissionUnused();
    }
  }

  /** A permission taken for a borrow that was not made after all (the pool was retired under it). */
  public void permissionUnused() {
    CircuitBreaker current = breaker;
    if (enabled && current != null) {
      current.releasePermission();
    }
  }

  /** True while the circuit is open or half-open: the tenant's database is believed unhealthy. */
  public boolean isFailing() {
    CircuitBreaker current = breaker;
    if (current == null) {
      return false;
    }
    CircuitBreaker.State now = current.getState();
    return now == CircuitBreaker.State.OPEN || now == CircuitBreaker.State.HALF_OPEN
        || now == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * The tenant's database answered a background probe while the circuit was open or half-open:
   * close it now, without waiting for waitInOpen and the tenant's own traffic.
   */
  public void closeNow() {
    CircuitBreaker current = breaker;
    if (enabled && current != null && isFailing()) {
      current.transitionToClosedState();
      changed();
      noticeTransition(current);
    }
  }

  /** The current state; noticing a transition Resilience4j made on its own is left to the calls. */
  public CircuitState state() {
    CircuitBreaker current = breaker;
    if (!enabled || current == null) {
      return lastSeen;
    }
    return state(current.getState());
  }

  private void noticeTransition(CircuitBreaker current) {
    CircuitState before = lastSeen;
    CircuitState now = state(current.getState());
    if (now != before && swapLastSeen(before, now)) {
      changed();
      if (now == CircuitState.OPEN) {
        refusal = OpenCircuitRefusal.opened(tenant, current, settings.waitInOpenMs());
      }
      listener.onTransition(tenant, before, now);
    }
  }

  private synchronized boolean swapLastSeen(CircuitState before, CircuitState now) {
    if (lastSeen != before) {
      return false;
    }
    lastSeen = now;
    return true;
  }

  /**
   * The exception of a refused call. Its message is rebuilt at most once a second (only "next
   * probe in N s" changes) and it has no cause. Its stack trace, a walk of the whole stack that
   * costs microseconds and hundreds of bytes, is filled in for the first refusal of each opening
   * and then once a second per tenant (every refusal with
   * {@code tenantpool.breaker.refusalStackTraces=all}): a tight retry loop or a storm of requests
   * against a tenant that is down pays a fraction of a microsecond per refusal, and the log still
   * shows where the calls come from. Refusals without one say so in their message.
   */
  private CircuitOpenException refused() {
    OpenCircuitRefusal current = refusal;
    if (current == null || lastSeen == CircuitState.HALF_OPEN) {
      Instant retry = Instant.now().plusSeconds(1);
      CircuitBreaker r4j = breaker;
      return new CircuitOpenException(
          "circuit half-open for tenant " + tenant + ": every probe call is taken; retry shortly", tenant, retry,
          r4j == null ? null : CallNotPermittedException.createCallNotPermittedException(r4j));
    }
    return current.refusal(tenant, traceEveryRefusal);
  }

  private static CircuitState state(CircuitBreaker.State state) {
    switch (state) {
      case OPEN:
      case FORCED_OPEN:
        return CircuitState.OPEN;
      case HALF_OPEN:
        return CircuitState.HALF_OPEN;
      case DISABLED:
        return CircuitState.DISABLED;
      default:
        return CircuitState.CLOSED;
    }
  }

  @Override
  public String toString() {
    return "TenantBreaker[tenant=" + tenant + ", state=" + lastSeen + "]";
  }
}
