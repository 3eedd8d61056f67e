package dev.tenantpool;

/** The state of a tenant's circuit breaker. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED(0),
  /** A few probe calls are let through to see whether the tenant's database is back. */
  HALF_OPEN(1),
  /** Calls fail fast with SQLState TP004 until the next probe. */
  OPEN(2),
  /** The breaker is off ({@code tenantpool.breaker.enabled=false}); calls always flow. */
  DISABLED(0);

  private final int gaugeValue;

  CircuitState(int gaugeValue) {
    this.gaugeValue = gaugeValue;
  }

  /** The value of the {@code tenantpool.circuit.state} gauge: 0 closed (or disabled), 1 half-open, 2 open. */
  public int gaugeValue() {
    return gaugeValue;
  }
}
