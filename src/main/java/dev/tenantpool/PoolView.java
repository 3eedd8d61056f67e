package dev.tenantpool;

import java.time.Instant;

/**
 * One row of {@link TenantPoolDataSource#pools()}, the view PgBouncer's {@code SHOW POOLS} gives
 * of its pools: one tenant's pool counts, circuit, pause and last failure, read without probing.
 *
 * @param tenant the tenant id
 * @param active connections lent out
 * @param idle connections open and waiting to be lent
 * @param waiting threads waiting for a connection
 * @param total open physical connections
 * @param circuit the tenant's breaker state
 * @param paused whether the tenant is paused ({@link TenantPoolDataSource#pause})
 * @param lastError the last failure's message, or {@code null} (TenantPool's messages show a URL as
 *     its system, host, port and database only)
 * @param lastErrorAt when it happened, or {@code null}
 * @param role {@code primary} for the tenant's pool, {@code replica} for one of its read replicas' pools
 */
public record PoolView(
    String tenant,
    int active,
    int idle,
    int waiting,
    int total,
    CircuitState circuit,
    boolean paused,
    String lastError,
    Instant lastErrorAt,
    String role) {

  /** The row of a tenant's primary pool. */
  public PoolView(String tenant, int active, int idle, int waiting, int total, CircuitState circuit, boolean paused,
      String lastError, Instant lastErrorAt) {
    this(tenant, active, idle, waiting, total, circuit, paused, lastError, lastErrorAt, TenantHealth.PRIMARY);
  }

  /** The row of {@code health}: its counts, circuit, pause and last failure (a probe's result is left out). */
  static PoolView of(TenantHealth health) {
    return new PoolView(health.tenant(), health.active(), health.idle(), health.waiting(), health.total(),
        health.circuit(), health.paused(), health.lastError(), health.lastErrorAt(), health.role());
  }
}
