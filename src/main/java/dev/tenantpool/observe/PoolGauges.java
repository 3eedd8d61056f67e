package dev.tenantpool.observe;

/** What the connection and circuit gauges read from one tenant; implemented by the router. */
public interface PoolGauges {
  int active();

  int idle();

  int pending();

  int total();

  /** 0 closed, 1 half-open, 2 open. */
  int circuitState();
}
