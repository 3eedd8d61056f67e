package dev.tenantpool.resilience;

import dev.tenantpool.CircuitOpenException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What refusals say while the circuit is open: the fixed part, the countdown cached per second,
 * and when a refusal last carried a stack trace.
 */
final class OpenCircuitRefusal {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final String UNTRACED = "; stack trace omitted (the first refusal, then one a second, carries"
      + " one; tenantpool.breaker.refusalStackTraces=all gives every refusal one)";
  final Instant nextProbe;
  final CallNotPermittedException cause;
  private final String prefix;
  private final AtomicLong lastTraced = new AtomicLong(Long.MIN_VALUE);
  private volatile Messages messages;

  private OpenCircuitRefusal(Instant nextProbe, CallNotPermittedException cause, String prefix) {
    this.nextProbe = nextProbe;
    this.cause = cause;
    this.prefix = prefix;
  }

  /** The refusals of {@code tenant}'s circuit, which {@code breaker} has just opened for {@code waitInOpenMs}. */
  static OpenCircuitRefusal opened(String tenant, CircuitBreaker breaker, long waitInOpenMs) {
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    Instant opened = Instant.now();
    return new OpenCircuitRefusal(opened.plusMillis(waitInOpenMs),
        CallNotPermittedException.createCallNotPermittedException(breaker), "circuit open for tenant " + tenant
        + " since " + LocalTime.ofInstant(opened, ZoneId.systemDefault()).format(CLOCK) + " ("
        + metrics.getNumberOfFailedCalls() + " of " + metrics.getNumberOfBufferedCalls() + " calls failed"
        + (metrics.getNumberOfSlowCalls() > 0 ? ", " + metrics.getNumberOfSlowCalls() + " slow" : "")
        + "); next probe in ");
  }

  /** The exception of one refusal of {@code tenant}'s call now. */
  CircuitOpenException refusal(String tenant, boolean traceEveryRefusal) {
    long nowMillis = System.currentTimeMillis();
    boolean traced = traceEveryRefusal || traceThis(nowMillis);
    // Resilience4j's CallNotPermittedException is the cause, as callers who know Resilience4j
    // expect: one per opening (without a stack trace), shared by its refusals.
    return new CircuitOpenException(message(nowMillis, traced), tenant, nextProbe, cause, traced);
  }

  /** Whether the refusal at {@code nowMillis} is the one of its second that carries a stack trace. */
  private boolean traceThis(long nowMillis) {
    long last = lastTraced.get();
    return (last == Long.MIN_VALUE || nowMillis - last >= 1000) && lastTraced.compareAndSet(last, nowMillis);
  }

  private String message(long nowMillis, boolean traced) {
    long second = nowMillis / 1000;
    Messages cached = messages;
    if (cached == null || cached.second != second) {
      long seconds = Math.max(0, (nextProbe.toEpochMilli() - nowMillis + 999) / 1000);
      String plain = prefix + seconds + " s";
      cached = new Messages(second, plain, plain + UNTRACED);
      messages = cached;
    }
    return traced ? cached.traced : cached.untraced;
  }

  /** The two messages of one second. */
  private record Messages(long second, String traced, String untraced) {}
}
