package dev.tenantpool.pool;

/**
 * One tenant pool's sizing and timeouts, validated by the public layer before they get here.
 * Durations are milliseconds with HikariCP's meanings.
 */
public record PoolSettings(
    int maximumPoolSize,
    int minimumIdle,
    long connectionTimeoutMs,
    long idleTimeoutMs,
    long maxLifetimeMs,
    long leakDetectionThresholdMs,
    long validationTimeoutMs) {}
