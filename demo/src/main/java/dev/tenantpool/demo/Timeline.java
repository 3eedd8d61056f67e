package dev.tenantpool.demo;

/**
 * When things happen in a run, scaled to its duration so that an 8-second CI run tells the same
 * story as the one-minute showcase: the outage takes the tenant's database away at 35 % of the run
 * and brings it back at 60 %, leaving the breaker time to probe, close, and show a recovery.
 *
 * @param durationMs how long the workload runs
 * @param outageStartMs when the database is taken away (after the workload starts)
 * @param outageEndMs when it is brought back
 * @param breakerWaitMs how long an open circuit waits before its probe (tenantpool.breaker.waitInOpen)
 * @param plainIntervalMs how often the table is printed when output is not a terminal
 */
record Timeline(long durationMs, long outageStartMs, long outageEndMs, long breakerWaitMs, long plainIntervalMs) {
  /** How often the display refreshes on a terminal (and checks for new events otherwise). */
  static final long TICK_MS = 1_000;

  static Timeline of(long durationMs) {
    long breakerWait = clamp(durationMs / 20, 1_000, 3_000);
    long plainInterval = clamp(durationMs / 6, 1_000, 10_000) / TICK_MS * TICK_MS;
    return new Timeline(durationMs, durationMs * 35 / 100, durationMs * 60 / 100, breakerWait, plainInterval);
  }

  /** Which part of the story {@code elapsedMs} falls in. */
  Phase phaseAt(long elapsedMs) {
    if (elapsedMs < outageStartMs) {
      return Phase.BEFORE;
    }
    return elapsedMs < outageEndMs ? Phase.DURING : Phase.AFTER;
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  /** The three parts of a run, for latencies compared before, during and after the outage. */
  enum Phase {
    BEFORE("before"),
    DURING("during"),
    AFTER("after");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }
}
