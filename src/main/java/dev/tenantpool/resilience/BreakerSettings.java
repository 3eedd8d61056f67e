package dev.tenantpool.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;

/**
 * A tenant breaker's configuration, validated by the public layer.
 *
 * @param enabled false turns the breaker off (calls always flow)
 * @param failureRateThreshold percentage of failed calls (1-100) that opens the circuit
 * @param minimumCalls calls recorded before the failure rate is judged
 * @param slidingWindowSize how many of the most recent calls are judged
 * @param waitInOpenMs how long the circuit stays open before it lets probes through
 * @param permittedCallsInHalfOpen probe calls let through while half-open
 * @param slowCallThresholdMs acquisitions slower than this count as slow (0 = not judged)
 */
public record BreakerSettings(
    boolean enabled,
    int failureRateThreshold,
    int minimumCalls,
    int slidingWindowSize,
    long waitInOpenMs,
    int permittedCallsInHalfOpen,
    long slowCallThresholdMs) {

  /** Resilience4j's configuration for these settings. */
  CircuitBreakerConfig toResilience4j() {
    boolean judgeSlowCalls = slowCallThresholdMs() > 0;
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold())
        .minimumNumberOfCalls(minimumCalls())
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(slidingWindowSize())
        .slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE)
        .waitDurationInOpenState(Duration.ofMillis(waitInOpenMs()))
        .permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpen())
        .slowCallDurationThreshold(judgeSlowCalls ? Duration.ofMillis(slowCallThresholdMs()) : Duration.ofDays(1))
        .slowCallRateThreshold(judgeSlowCalls ? failureRateThreshold() : 100)
        // Half-open is reached by the tenant's own next call after waitInOpen: no timer thread.
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .writableStackTraceEnabled(false)
        .build();
  }
}
