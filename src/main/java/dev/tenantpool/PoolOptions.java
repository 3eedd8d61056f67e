package dev.tenantpool;

import dev.tenantpool.pool.PoolSettings;
import java.sql.SQLException;
import java.util.Map;

/** Validates one tenant pool's keys, alone and against each other, into its settings. */
final class PoolOptions {
  private PoolOptions() {}

  /**
   * The pool settings of {@code options}. Cross-key rules that HikariCP would "correct" with a
   * warning (minimumIdle above maximumPoolSize, ...) are errors here.
   */
  static PoolSettings settings(Map<String, String> options) throws SQLException {
    int maximumPoolSize = TenantPoolProperty.MAXIMUM_POOL_SIZE.intValue(options);
    int minimumIdle = TenantPoolProperty.MINIMUM_IDLE.intValue(options);
    long connectionTimeout = TenantPoolProperty.CONNECTION_TIMEOUT.longValue(options);
    long idleTimeout = TenantPoolProperty.IDLE_TIMEOUT.longValue(options);
    long maxLifetime = TenantPoolProperty.MAX_LIFETIME.longValue(options);
    long leakDetection = TenantPoolProperty.LEAK_DETECTION_THRESHOLD.longValue(options);
    long validationTimeout = TenantPoolProperty.VALIDATION_TIMEOUT.longValue(options);
    if (!options.containsKey(TenantPoolProperty.VALIDATION_TIMEOUT.key())) {
      // The default follows a shorter connectionTimeout; otherwise a connectionTimeout below the
      // default validationTimeout (250..5000) could never be set on its own.
      validationTimeout = Math.min(validationTimeout, connectionTimeout);
    }
    if (minimumIdle > maximumPoolSize) {
      throw TenantPoolProperty.MINIMUM_IDLE.conflict(
          "at most tenantpool.maximumPoolSize (" + maximumPoolSize + ")", minimumIdle);
    }
    if (validationTimeout > connectionTimeout) {
      throw TenantPoolProperty.VALIDATION_TIMEOUT.conflict(
          "at most tenantpool.connectionTimeout (" + connectionTimeout + ")", validationTimeout);
    }
    if (maxLifetime > 0 && idleTimeout >= maxLifetime) {
      throw TenantPoolProperty.IDLE_TIMEOUT.conflict(
          "below tenantpool.maxLifetime (" + maxLifetime + ")", idleTimeout);
    }
    if (maxLifetime > 0 && leakDetection >= maxLifetime) {
      throw TenantPoolProperty.LEAK_DETECTION_THRESHOLD.conflict(
          "below tenantpool.maxLifetime (" + maxLifetime + ")", leakDetection);
    }
    return new PoolSettings(
        maximumPoolSize, minimumIdle, connectionTimeout, idleTimeout, maxLifetime, leakDetection, validationTimeout);
  }
}
