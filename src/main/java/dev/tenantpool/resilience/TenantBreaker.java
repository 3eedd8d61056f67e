package dev.tenantpool.resilience;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.CircuitState;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One tenant's circuit breaker (Resilience4j), asked for permission on every
 * {@code getConnection} and told every outcome.
 *
 * <p>Hot-path choices: the sliding window is Resilience4j's lock-free one, and no event consumer
 * is registered (a registered consumer makes Resilience4j build an event object, clock reading
 * included, for every successful call). Transitions are found instead by comparing the breaker's
 * state with the last one seen, a single volatile read per call.
 *
 * <p>A healthy tenant's window is full of fast successes; recording one more changes nothing, yet
 * costs Resilience4j's lock-free window about 200 bytes (a node, an aggregation, a snapshot). So
 * once a full, failure-free window has been seen, fast successes are not recorded until something
 * else is. Soundness rests on {@link #epoch}: every recording other than a fast success, and
 * every transition, bumps it <em>after</em> recording, and the window is declared clean only with
 * the epoch read <em>before</em> its snapshot. A failure racing with that declaration either shows
 * in the snapshot or moves the epoch, so a stale "clean" never hides a failure.
 */
public final class TenantBreaker {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** Told about each transition; called on the thread whose call caused it. */
  @FunctionalInterface
  public interface TransitionListener {
    void onTransition(String tenant, CircuitState from, CircuitState to);
  }

  private final String tenant;
  private final CircuitBreaker breaker;
  private final boolean enabled;
  private final long waitInOpenMs;
  private final TransitionListener listener;
  private final AtomicReference<CircuitState> lastSeen;
  private final int slidingWindowSize;
  private final long slowCallNanos;
  private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();
  // The epoch at which the window was last seen full of fast successes; -1: not clean.
  private volatile long cleanAtEpoch = -1;
  // Written when the circuit opens; read only when a call is refused. The message's fixed part is
  // built then, once, so a refused call does not format dates and counts every time.
  private volatile String openedMessage = "";
  private volatile Instant openedAt = Instant.EPOCH;

  /** A breaker for {@code tenant}; {@code listener} hears each state change. */
  public TenantBreaker(String tenant, BreakerSettings settings, TransitionListener listener) {
    this.tenant = tenant;
    this.enabled = settings.enabled();
    this.waitInOpenMs = settings.waitInOpenMs();
    this.listener = listener;
    this.slidingWindowSize = settings.slidingWindowSize();
    this.slowCallNanos = settings.slowCallThresholdMs() > 0 ? TimeUnit.MILLISECONDS.toNanos(settings.slowCallThresholdMs()) : Long.MAX_VALUE;
    boolean judgeSlowCalls = settings.slowCallThresholdMs() > 0;
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.failureRateThreshold())
        .minimumNumberOfCalls(settings.minimumCalls())
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.slidingWindowSize())
        .slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE)
        .waitDurationInOpenState(Duration.ofMillis(settings.waitInOpenMs()))
        .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
        .slowCallDurationThreshold(judgeSlowCalls ? Duration.ofMillis(settings.slowCallThresholdMs()) : Duration.ofDays(1))
        .slowCallRateThreshold(judgeSlowCalls ? settings.failureRateThreshold() : 100)
        // Half-open is reached by the tenant's own next call after waitInOpen: no timer thread.
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .writableStackTraceEnabled(false)
        .build();
    this.breaker = CircuitBreaker.of(tenant, config);
    if (!enabled) {
      breaker.transitionToDisabledState();
    }
    this.lastSeen = new AtomicReference<>(state(breaker.getState()));
  }

  /**
   * Asks for permission to borrow a connection.
   *
   * @throws CircuitOpenException while the circuit is open (or half-open with every probe taken)
   */
  public void acquirePermission() throws CircuitOpenException {
    if (!enabled) {
      return;
    }
    boolean permitted = breaker.tryAcquirePermission();
    noticeTransition();
    if (!permitted) {
      throw refused();
    }
  }

  /** The borrow that was permitted succeeded after {@code nanos}. */
  public void onSuccess(long nanos) {
    if (!enabled) {
      return;
    }
    boolean fast = nanos < slowCallNanos;
    if (fast && cleanAtEpoch == epoch.get()) {
      return; // the window is full of fast successes: one more changes nothing
    }
    long before = epoch.get();
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    if (!fast) {
      changed();
    }
    noticeTransition();
    if (fast && lastSeen.get() == CircuitState.CLOSED) {
      CircuitBreaker.Metrics metrics = breaker.getMetrics();
      if (metrics.getNumberOfBufferedCalls() >= slidingWindowSize && metrics.getNumberOfFailedCalls() == 0
          && metrics.getNumberOfSlowCalls() == 0) {
        cleanAtEpoch = before;
      }
    }
  }

  /** Something other than a fast success was recorded, or the state moved: the window is not clean. */
  private void changed() {
    epoch.incrementAndGet();
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
      breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
      changed();
      noticeTransition();
    } else {
      breaker.releasePermission();
    }
  }

  /** A permission taken for a borrow that was not made after all (the pool was retired under it). */
  public void permissionUnused() {
    if (enabled) {
      breaker.releasePermission();
    }
  }

  /** True while the circuit is open or half-open: the tenant's database is believed unhealthy. */
  public boolean isFailing() {
    CircuitBreaker.State now = breaker.getState();
    return now == CircuitBreaker.State.OPEN || now == CircuitBreaker.State.HALF_OPEN
        || now == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * The tenant's database answered a background probe while the circuit was open or half-open:
   * close it now, without waiting for waitInOpen and the tenant's own traffic.
   */
  public void closeNow() {
    if (enabled && isFailing()) {
      breaker.transitionToClosedState();
      changed();
      noticeTransition();
    }
  }

  /** The current state. */
  public CircuitState state() {
    CircuitState now = state(breaker.getState());
    noticeTransition();
    return now;
  }

  private void noticeTransition() {
    CircuitState before = lastSeen.get();
    CircuitState now = state(breaker.getState());
    if (now != before && lastSeen.compareAndSet(before, now)) {
      changed();
      if (now == CircuitState.OPEN) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Instant opened = Instant.now();
        openedMessage = "circuit open for tenant " + tenant + " since "
            + LocalTime.ofInstant(opened, ZoneId.systemDefault()).format(CLOCK) + " ("
            + metrics.getNumberOfFailedCalls() + " of " + metrics.getNumberOfBufferedCalls() + " calls failed"
            + (metrics.getNumberOfSlowCalls() > 0 ? ", " + metrics.getNumberOfSlowCalls() + " slow" : "")
            + "); next probe in ";
        openedAt = opened;
      }
      listener.onTransition(tenant, before, now);
    }
  }

  private CircuitOpenException refused() {
    Instant nextProbe = openedAt.plusMillis(waitInOpenMs);
    long seconds = Math.max(0, (nextProbe.toEpochMilli() - System.currentTimeMillis()) / 1000);
    String message = lastSeen.get() == CircuitState.HALF_OPEN
        ? "circuit half-open for tenant " + tenant + ": every probe call is taken; retry shortly"
        : openedMessage + seconds + " s";
    return new CircuitOpenException(
        message, tenant, nextProbe, CallNotPermittedException.createCallNotPermittedException(breaker));
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
    return "TenantBreaker[tenant=" + tenant + ", state=" + lastSeen.get() + "]";
  }
}
