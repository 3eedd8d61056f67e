package dev.tenantpool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import dev.tenantpool.TenantPoolDataSource;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one HikariCP pool configuration every variant runs over: TenantPool's defaults for a
 * tenant pool, applied to bare HikariCP too, so that a ratio compares wrappers and not pool
 * settings.
 */
public final class PoolShape {
  /** Connections per pool (TenantPool's default). */
  public static final int MAXIMUM_POOL_SIZE = 5;
  /** Idle connections kept (TenantPool's default: an unused tenant holds none). */
  public static final int MINIMUM_IDLE = 0;
  /** How long a borrow waits, unless a benchmark needs a shorter wait. */
  public static final long CONNECTION_TIMEOUT_MS = 10_000;
  public static final long IDLE_TIMEOUT_MS = 60_000;
  public static final long MAX_LIFETIME_MS = 1_800_000;
  /** How long a liveness check may take; kept below a short connection timeout, as both pools require. */
  public static final long VALIDATION_TIMEOUT_MS = 5_000;

  private PoolShape() {}

  /** {@link #VALIDATION_TIMEOUT_MS}, or half of a connection timeout too short for it (at least 250 ms). */
  static long validationTimeoutMs(long connectionTimeoutMs) {
    return Math.max(250, Math.min(VALIDATION_TIMEOUT_MS, connectionTimeoutMs / 2));
  }

  /**
   * A HikariCP configuration of this shape for {@code jdbcUrl}; {@code scheduler} (nullable) is
   * the housekeeping executor shared by many pools, as TenantPool shares one.
   */
  public static HikariConfig hikari(String poolName, String jdbcUrl, String user, String password,
      long connectionTimeoutMs, ScheduledExecutorService scheduler) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
    config.setMinimumIdle(MINIMUM_IDLE);
    config.setConnectionTimeout(connectionTimeoutMs);
    config.setIdleTimeout(IDLE_TIMEOUT_MS);
    config.setMaxLifetime(MAX_LIFETIME_MS);
    config.setValidationTimeout(validationTimeoutMs(connectionTimeoutMs));
    config.setKeepaliveTime(0);
    if (scheduler != null) {
      config.setScheduledExecutor(scheduler);
    }
    return config;
  }

  /** The same shape as TenantPool properties. */
  public static TenantPoolDataSource.Builder tenantPool(TenantPoolDataSource.Builder builder, long connectionTimeoutMs) {
    return builder
        .property("tenantpool.maximumPoolSize", Integer.toString(MAXIMUM_POOL_SIZE))
        .property("tenantpool.minimumIdle", Integer.toString(MINIMUM_IDLE))
        .property("tenantpool.connectionTimeout", Long.toString(connectionTimeoutMs))
        .property("tenantpool.idleTimeout", Long.toString(IDLE_TIMEOUT_MS))
        .property("tenantpool.maxLifetime", Long.toString(MAX_LIFETIME_MS))
        .property("tenantpool.validationTimeout", Long.toString(validationTimeoutMs(connectionTimeoutMs)));
  }
}
