package dev.tenantpool;

/**
 * Receives TenantPool events. Methods are called on the thread that caused the event (a caller of
 * {@code getConnection}, usually): keep them short and never block.
 */
public interface TenantPoolListener {
  /** The circuit breaker of {@code tenant}'s primary moved from {@code from} to {@code to}. */
  default void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {}

  /**
   * The circuit breaker of one of {@code tenant}'s read replicas moved from {@code from} to
   * {@code to}; the primary's circuit is not concerned (its transitions come through
   * {@link #onCircuitTransition}).
   *
   * @param replica which replica: 1 for the first of the tenant's replica URLs, as the logs say
   */
  default void onReplicaCircuitTransition(String tenant, int replica, CircuitState from, CircuitState to) {}
}
