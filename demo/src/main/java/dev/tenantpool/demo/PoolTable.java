package dev.tenantpool.demo;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolDataSource.PoolStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live per-tenant table, in the spirit of PgBouncer's {@code SHOW POOLS}: the driver's view of
 * each tenant's pool (active, idle, waiting connections and circuit state) beside the workload's
 * view (acquisition latency, throughput and errors since the last refresh).
 */
final class PoolTable {
  /** More tenants than this and the table shows the first ones plus the outage tenant. */
  static final int MAX_ROWS = 20;
  private static final String HEADER = Columns.left("TENANT", 7) + Columns.right("ACTIVE", 8)
      + Columns.right("IDLE", 6) + Columns.right("WAIT", 6) + Columns.right("ACQ P50", 10)
      + Columns.right("ACQ P99", 10) + Columns.right("Q/S", 8) + Columns.right("ERRORS", 9) + "  CIRCUIT";
  private static final String GREEN = "\033[32m";
  private static final String YELLOW = "\033[33m";
  private static final String RED = "\033[31m";
  private static final String RESET = "\033[0m";

  private final TenantPoolDataSource dataSource;
  private final List<String> tenants;
  private final Map<String, TenantStats> stats;
  private final String highlighted;
  private final boolean color;
  private long lastRenderNanos;

  /**
   * @param highlighted a tenant always shown (the outage's), or {@code null}
   * @param color whether to color circuit states with ANSI escapes
   */
  PoolTable(TenantPoolDataSource dataSource, List<String> tenants, Map<String, TenantStats> stats,
      String highlighted, boolean color) {
    this.dataSource = dataSource;
    this.tenants = List.copyOf(tenants);
    this.stats = stats;
    this.highlighted = highlighted;
    this.color = color;
    this.lastRenderNanos = System.nanoTime();
  }

  /** The table's lines; the per-second and latency columns cover the time since the last call. */
  List<String> render() {
    long now = System.nanoTime();
    double seconds = Math.max(0.001, (now - lastRenderNanos) / 1e9);
    lastRenderNanos = now;
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    int active = 0;
    int idle = 0;
    int waiting = 0;
    long operations = 0;
    long errors = 0;
    int open = 0;
    LatencyHistogram.Snapshot allAcquire = LatencyHistogram.Snapshot.EMPTY;
    List<String> rows = new ArrayList<>();
    for (String tenant : tenants) {
      TenantStats tenantStats = stats.get(tenant);
      TenantStats.Window window = tenantStats.drainWindow();
      PoolStats pool = dataSource.stats(tenant);
      String circuit = circuitOf(tenant);
      if (circuit.equals("OPEN") || circuit.equals("HALF_OPEN")) {
        open++;
      }
      if (pool != null) {
        active += pool.active();
        idle += pool.idle();
        waiting += pool.waiting();
      }
      operations += window.operations();
      errors += tenantStats.failed();
      allAcquire = allAcquire.plus(window.acquire());
      if (tenants.size() <= MAX_ROWS || tenant.equals(highlighted) || rows.size() < MAX_ROWS - 1) {
        rows.add(row(tenant, pool, window, seconds, tenantStats.failed(), circuit));
      }
    }
    lines.addAll(rows);
    if (rows.size() < tenants.size()) {
      lines.add("... and " + (tenants.size() - rows.size()) + " more tenants (all of them are in the summary)");
    }
    lines.add(Columns.left("all", 7) + Columns.right(active, 8) + Columns.right(idle, 6) + Columns.right(waiting, 6)
        + Columns.right(Columns.latency(allAcquire.percentileMicros(0.50)), 10)
        + Columns.right(Columns.latency(allAcquire.percentileMicros(0.99)), 10)
        + Columns.right(Math.round(operations / seconds), 8) + Columns.right(errors, 9)
        + "  " + (open == 0 ? "all closed" : open + " not closed"));
    return lines;
  }

  private String row(String tenant, PoolStats pool, TenantStats.Window window, double seconds, long errors,
      String circuit) {
    return Columns.left(tenant, 7)
        + Columns.right(pool == null ? "-" : Integer.toString(pool.active()), 8)
        + Columns.right(pool == null ? "-" : Integer.toString(pool.idle()), 6)
        + Columns.right(pool == null ? "-" : Integer.toString(pool.waiting()), 6)
        + Columns.right(Columns.latency(window.acquire().percentileMicros(0.50)), 10)
        + Columns.right(Columns.latency(window.acquire().percentileMicros(0.99)), 10)
        + Columns.right(Math.round(window.operations() / seconds), 8)
        + Columns.right(errors, 9)
        + "  " + paint(circuit);
  }

  private String circuitOf(String tenant) {
    return dataSource.circuitState(tenant).name();
  }

  private String paint(String circuit) {
    if (!color) {
      return circuit;
    }
    switch (circuit) {
      case "CLOSED":
        return GREEN + circuit + RESET;
      case "HALF_OPEN":
        return YELLOW + circuit + RESET;
      case "OPEN":
        return RED + circuit + RESET;
      default:
        return circuit;
    }
  }
}
