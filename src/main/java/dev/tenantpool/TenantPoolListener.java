package dev.tenantpool;

/**
 * Receives TenantPool events. Methods are called on the thread that caused the event (a caller of
 * {@code getConnection}, usually): keep them short and never block.
 */
public interface TenantPoolListener {
  /** The circuit breaker of {@code tenant} moved from {@code from} to {@code to}. */
  default void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {}
}
