package dev.tenantpool.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.TenantContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

/**
 * What teams write instead of a multi-tenant driver: a map from tenant to a HikariCP pool,
 * created on first use, and connections handed out unwrapped. No breaker, no metrics, no tenant
 * guard; the pools share one housekeeping scheduler (the same pool shape TenantPool uses) unless
 * built with {@code sharedScheduler = false}, HikariCP's default of a thread per pool.
 */
public final class HandRolledRouting implements AutoCloseable {
  private final ConcurrentHashMap<String, HikariDataSource> pools = new ConcurrentHashMap<>();
  private final Function<String, HikariDataSource> factory;
  private final ScheduledThreadPoolExecutor scheduler;

  /**
   * Pools whose URL is {@code urlTemplate} with {@code {tenant}} replaced.
   *
   * @param sharedScheduler one housekeeping scheduler for all pools, or HikariCP's own per pool
   */
  public HandRolledRouting(String urlTemplate, String user, String password, long connectionTimeoutMs,
      boolean sharedScheduler) {
    this.scheduler = sharedScheduler ? new ScheduledThreadPoolExecutor(2, HandRolledRouting::daemon) : null;
    if (scheduler != null) {
      scheduler.setRemoveOnCancelPolicy(true);
    }
    ScheduledExecutorService shared = scheduler;
    this.factory = tenant -> new HikariDataSource(PoolShape.hikari("routing-" + tenant,
        urlTemplate.replace("{tenant}", tenant), user, password, connectionTimeoutMs, shared));
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "routing-housekeeper");
    thread.setDaemon(true);
    return thread;
  }

  /** A connection of the tenant that {@link TenantContext} names. */
  public Connection getConnection() throws SQLException {
    String tenant = TenantContext.currentOrNull();
    if (tenant == null) {
      throw new SQLException("no tenant in TenantContext", "08001");
    }
    return getConnection(tenant);
  }

  /** A connection of {@code tenant}'s pool, creating the pool on first use. */
  public Connection getConnection(String tenant) throws SQLException {
    HikariDataSource pool = pools.get(tenant);
    if (pool == null) {
      pool = pools.computeIfAbsent(tenant, factory);
    }
    return pool.getConnection();
  }

  /** Closes {@code tenant}'s pool; it is created again on next use. */
  public void evict(String tenant) {
    HikariDataSource pool = pools.remove(tenant);
    if (pool != null) {
      pool.close();
    }
  }

  /** Pools open now. */
  public int poolCount() {
    return pools.size();
  }

  @Override
  public void close() {
    List<HikariDataSource> closing = new ArrayList<>(pools.values());
    pools.clear();
    for (HikariDataSource pool : closing) {
      pool.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
