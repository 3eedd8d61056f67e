package dev.tenantpool;

import dev.tenantpool.resilience.BreakerSettings;
import java.sql.SQLException;
import java.util.Map;

/** Validates a tenant breaker's keys ({@code tenantpool.breaker.*}) into its settings. */
final class BreakerOptions {
  private BreakerOptions() {}

  static BreakerSettings settings(Map<String, String> options) throws SQLException {
    int minimumCalls = TenantPoolProperty.BREAKER_MINIMUM_CALLS.intValue(options);
    int slidingWindow = TenantPoolProperty.BREAKER_SLIDING_WINDOW_SIZE.intValue(options);
    if (minimumCalls > slidingWindow) {
      throw TenantPoolProperty.BREAKER_MINIMUM_CALLS.conflict(
          "at most tenantpool.breaker.slidingWindowSize (" + slidingWindow + ")", minimumCalls);
    }
    return new BreakerSettings(
        TenantPoolProperty.BREAKER_ENABLED.booleanValue(options),
        TenantPoolProperty.BREAKER_FAILURE_RATE_THRESHOLD.intValue(options),
        minimumCalls,
        slidingWindow,
        TenantPoolProperty.BREAKER_WAIT_IN_OPEN.longValue(options),
        TenantPoolProperty.BREAKER_PERMITTED_CALLS_IN_HALF_OPEN.intValue(options),
        TenantPoolProperty.BREAKER_SLOW_CALL_THRESHOLD.longValue(options));
  }
}
