package dev.tenantpool.resilience;

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
    long slowCallThresholdMs) {}
