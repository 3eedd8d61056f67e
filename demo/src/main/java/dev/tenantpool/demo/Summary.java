package dev.tenantpool.demo;

import dev.tenantpool.demo.Timeline.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report printed when the run ends: per tenant what succeeded, what failed and how fast, then
 * the outage in numbers: how the outage tenant failed and recovered, and that the others did not
 * notice. The table's first columns are stable (tenant, ok, failed, rejected) for scripts and tests.
 */
final class Summary {
  private final List<String> tenants;
  private final Map<String, TenantStats> stats;
  private final OutageController outage;

  /** @param outage the run's outage, or {@code null} for --no-outage */
  Summary(List<String> tenants, Map<String, TenantStats> stats, OutageController outage) {
    this.tenants = List.copyOf(tenants);
    this.stats = stats;
    this.outage = outage;
  }

  List<String> render(int threads, long elapsedMs) {
    List<String> lines = new ArrayList<>();
    long ok = 0;
    long failed = 0;
    for (String tenant : tenants) {
      ok += stats.get(tenant).succeeded();
      failed += stats.get(tenant).failed();
    }
    lines.add(String.format(Locale.ROOT, "Summary: %d tenants, %d threads, %.1f s, %d operations (%d/s), %d failed",
        tenants.size(), threads, elapsedMs / 1000.0, ok + failed, Math.round(ok / Math.max(0.001, elapsedMs / 1000.0)),
        failed));
    lines.add("");
    lines.add(Columns.left("TENANT", 7) + Columns.right("OK", 8) + Columns.right("FAILED", 8)
        + Columns.right("REJECTED", 9) + Columns.right("ACQ P50", 9) + Columns.right("ACQ P99", 9)
        + Columns.right("OP P50", 9) + Columns.right("OP P99", 9));
    for (String tenant : tenants) {
      TenantStats s = stats.get(tenant);
      LatencyHistogram.Snapshot acquire = s.acquireTotal();
      LatencyHistogram.Snapshot operations = s.operations();
      lines.add(Columns.left(tenant, 7) + Columns.right(s.succeeded(), 8) + Columns.right(s.failed(), 8)
          + Columns.right(s.rejected(), 9)
          + Columns.right(Columns.latency(acquire.percentileMicros(0.50)), 9)
          + Columns.right(Columns.latency(acquire.percentileMicros(0.99)), 9)
          + Columns.right(Columns.latency(operations.percentileMicros(0.50)), 9)
          + Columns.right(Columns.latency(operations.percentileMicros(0.99)), 9)
          + (outage != null && tenant.equals(outage.tenant()) ? "  <- outage" : ""));
    }
    lines.add("");
    if (outage == null) {
      lines.add("No outage in this run (--no-outage): " + failed + " operations failed across all tenants.");
    } else {
      lines.addAll(outageReport());
    }
    return lines;
  }

  private List<String> outageReport() {
    List<String> lines = new ArrayList<>();
    String tenant = outage.tenant();
    TenantStats s = stats.get(tenant);
    if (outage.offlineAtMs() < 0) {
      lines.add("Outage of " + tenant + ": the run ended before it began.");
      return lines;
    }
    String back = outage.backAtMs() < 0 ? "the end of the run" : Columns.seconds(outage.backAtMs());
    lines.add("Outage of " + tenant + ": its database was offline from " + Columns.seconds(outage.offlineAtMs())
        + " to " + back + ".");
    if (s.circuitOpenings() > 0) {
      String closed = s.lastClosedMs() < 0 ? "was still not closed at the end" : "closed at " + Columns.seconds(s.lastClosedMs());
      lines.add("  Its circuit opened at " + Columns.seconds(s.firstOpenedMs()) + " and " + closed + " ("
          + (s.circuitOpenings() == 1 ? "1 opening" : s.circuitOpenings() + " openings, failed probes reopen it") + ").");
    }
    lines.add("  " + s.failed() + " operations failed; " + s.rejected()
        + " of them were rejected at once by the open circuit.");
    long after = s.succeeded(Phase.AFTER);
    lines.add(after > 0
        ? "  Recovered: " + after + " operations succeeded after it came back."
        : "  Not recovered: no operation succeeded after the database came back.");
    long othersFailed = 0;
    LatencyHistogram.Snapshot[] othersByPhase = {
        LatencyHistogram.Snapshot.EMPTY, LatencyHistogram.Snapshot.EMPTY, LatencyHistogram.Snapshot.EMPTY};
    for (String other : tenants) {
      if (other.equals(tenant)) {
        continue;
      }
      othersFailed += stats.get(other).failed();
      for (Phase phase : Phase.values()) {
        othersByPhase[phase.ordinal()] = othersByPhase[phase.ordinal()].plus(stats.get(other).operations(phase));
      }
    }
    if (tenants.size() > 1) {
      lines.add("Containment: the other " + (tenants.size() - 1) + " tenants had " + othersFailed
          + " failed operations.");
      lines.add("  Their operation p99 was " + Columns.latency(othersByPhase[0].percentileMicros(0.99))
          + " before, " + Columns.latency(othersByPhase[1].percentileMicros(0.99)) + " during and "
          + Columns.latency(othersByPhase[2].percentileMicros(0.99)) + " after the outage.");
    }
    return lines;
  }
}
