package dev.tenantpool;

import java.time.Instant;

/**
 * One tenant's health, as {@code TenantPoolDataSource.health()} reports it.
 *
 * @param tenant the tenant id
 * @param active connections lent out
 * @param idle connections open and waiting to be lent
 * @param waiting threads waiting for a connection
 * @param total open physical connections
 * @param circuit the breaker's state
 * @param paused whether the pool is paused
 * @param lastError the last failure's message, or {@code null} (TenantPool's messages show a URL as
 *     its system, host, port and database only)
 * @param lastErrorAt when it happened, or {@code null}
 * @param probeOk whether a validation probe succeeded, or {@code null} if none was run
 * @param probeMillis how long the probe took, or 0 if none was run
 * @param role {@value #PRIMARY} for the tenant's pool, {@value #REPLICA} for the pool of one of its
 *     read replicas ({@code tenantpool.replicaUrl}), which has its own counts and circuit
 */
public record TenantHealth(
    String tenant,
    int active,
    int idle,
    int waiting,
    int total,
    CircuitState circuit,
    boolean paused,
    String lastError,
    Instant lastErrorAt,
    Boolean probeOk,
    long probeMillis,
    String role) {
  /** The role of a tenant's own (read-write) pool. */
  public static final String PRIMARY = "primary";
  /** The role of the pool of one of a tenant's read replicas. */
  public static final String REPLICA = "replica";

  /** The health of a tenant's primary pool. */
  public TenantHealth(String tenant, int active, int idle, int waiting, int total, CircuitState circuit, boolean paused,
      String lastError, Instant lastErrorAt, Boolean probeOk, long probeMillis) {
    this(tenant, active, idle, waiting, total, circuit, paused, lastError, lastErrorAt, probeOk, probeMillis, PRIMARY);
  }

  /** This health with {@code role}. */
  public TenantHealth withRole(String role) {
    return new TenantHealth(tenant, active, idle, waiting, total, circuit, paused, lastError, lastErrorAt, probeOk,
        probeMillis, role);
  }

  /** True when the circuit lets calls through, the pool is not paused, and no probe failed. */
  public boolean healthy() {
    return circuit != CircuitState.OPEN && !paused && !Boolean.FALSE.equals(probeOk);
  }
}
