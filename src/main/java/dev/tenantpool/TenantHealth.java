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
    long probeMillis) {

  /** True when the circuit lets calls through, the pool is not paused, and no probe failed. */
  public boolean healthy() {
    return circuit != CircuitState.OPEN && !paused && !Boolean.FALSE.equals(probeOk);
  }
}
