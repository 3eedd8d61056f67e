package dev.tenantpool.benchmarks.report;

import java.util.Locale;
import java.util.Map;

/** The scale harness's results ({@code ScaleHarness --out scale.json}) as a RESULTS.md section. */
final class ScaleSection {
  private ScaleSection() {}

  /**
   * Bytes per borrow + close that {@code subject} allocated on the measuring thread beyond bare
   * HikariCP's proxy (the hand-rolled map's figure at the same count), or NaN when not measured.
   */
  static double extraBytesPerCycle(String json, String subject, int tenants) {
    if (json == null) {
      return Double.NaN;
    }
    double mine = Double.NaN;
    double bare = Double.NaN;
    for (Object item : Json.array(Json.object(Json.parse(json)).get("rows"))) {
      Map<String, Object> row = Json.object(item);
      if ((int) Json.number(row.get("tenants")) != tenants) {
        continue;
      }
      String name = String.valueOf(row.get("subject"));
      if (name.equals(subject)) {
        mine = Json.number(row.get("bytesPerCycle"));
      } else if (name.startsWith("routing")) {
        bare = Json.number(row.get("bytesPerCycle"));
      }
    }
    return mine - bare;
  }

  static String markdown(String json) {
    StringBuilder md = new StringBuilder("## Scale: 1, 1,000 and 10,000 tenant pools in one JVM (issue 4)\n\n");
    md.append("From `ScaleHarness` on the stub driver. Threads: before the pools, right after opening them, and\n")
        .append("6 s later (HikariCP's per-pool connection-adder threads expire after 5 s idle). Heap per idle pool:\n")
        .append("heap after full GC with the pools open (each holding one idle connection) minus before, divided by\n")
        .append("the pool count (not meaningful for 1 pool). getConnection: borrow + close cycling over every tenant\n")
        .append("in a random order, single thread: wall time, the thread's CPU time (steadier on a shared machine)\n")
        .append("and the bytes the thread allocated per cycle (HikariCP's proxy is 56 B of them).\n\n");
    md.append("| Subject | Tenants | Open all (ms) | Threads before → peak → settled | Heap per idle pool | getConnection + close | CPU | B/cycle |\n")
        .append("|---|---:|---:|---|---:|---:|---:|---:|\n");
    for (Object item : Json.array(Json.object(Json.parse(json)).get("rows"))) {
      Map<String, Object> row = Json.object(item);
      int tenants = (int) Json.number(row.get("tenants"));
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.0f → %.0f → %.0f | %s | %,.0f ns | %,.0f ns | %.0f |%n",
          row.get("subject"), tenants, Json.number(row.get("openMillis")), Json.number(row.get("threadsBefore")),
          Json.number(row.get("threadsPeak")), Json.number(row.get("threadsSettled")),
          tenants < 100 ? "n/a" : String.format(Locale.ROOT, "%,.0f B", Json.number(row.get("heapPerPoolBytes"))),
          Json.number(row.get("getConnectionNanos")), Json.number(row.get("getConnectionCpuNanos")),
          Json.number(row.get("bytesPerCycle"))));
    }
    return md.toString();
  }
}
