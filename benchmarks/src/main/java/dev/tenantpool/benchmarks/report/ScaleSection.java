package dev.tenantpool.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The scale harness's results ({@code ScaleHarness --out scale.json}) as a RESULTS.md section. */
final class ScaleSection {
  private ScaleSection() {}

  private static final JsonMapper JSON = JsonMapper.shared();

  /** What {@code ScaleHarness --out} writes: its rows, each a map of the row's fields. */
  record ScaleFile(List<Map<String, Object>> rows) {}

  /** A number field of a row (Jackson reads whole numbers as integers, others as doubles). */
  static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  /** The rows of one {@code ScaleHarness --out} file; none when it does not exist. */
  static List<Map<String, Object>> rows(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (Files.exists(file)) {
      ScaleFile read = JSON.readValue(Files.readString(file), ScaleFile.class);
      rows.addAll(read.rows());
    }
    return rows;
  }

  /** The row of {@code subject} (exactly) at {@code tenants} measured on JDK {@code minJava} or newer. */
  static Map<String, Object> row(List<Map<String, Object>> rows, String subject, int tenants, int minJava) {
    for (Map<String, Object> row : rows) {
      if (matches(row, subject, tenants) && java(row) >= minJava) {
        return row;
      }
    }
    return null;
  }

  /** The row of {@code subject} (exactly) at {@code tenants} measured on a JDK older than {@code belowJava}. */
  static Map<String, Object> rowBelow(List<Map<String, Object>> rows, String subject, int tenants, int belowJava) {
    for (Map<String, Object> row : rows) {
      if (matches(row, subject, tenants) && java(row) < belowJava) {
        return row;
      }
    }
    return null;
  }

  private static boolean matches(Map<String, Object> row, String subject, int tenants) {
    return subject.equals(row.get("subject")) && (int) number(row.get("tenants")) == tenants;
  }

  // Files written before the harness recorded its JDK were all JDK 17.
  private static int java(Map<String, Object> row) {
    return row.get("java") == null ? 17 : (int) number(row.get("java"));
  }

  /**
   * Bytes per borrow + close ({@code field}: bytesPerCycle warm, coldBytesPerCycle for cold
   * tenants) that {@code subject} allocated on the measuring thread beyond the hand-rolled map's at
   * the same count and JDK, or NaN when not measured.
   */
  static double extraBytes(List<Map<String, Object>> rows, String subject, int tenants, String field) {
    Map<String, Object> mine = rowBelow(rows, subject, tenants, Integer.MAX_VALUE);
    if (mine == null || mine.get(field) == null) {
      return Double.NaN;
    }
    for (Map<String, Object> row : rows) {
      if (String.valueOf(row.get("subject")).startsWith("routing") && (int) number(row.get("tenants")) == tenants
          && java(row) == java(mine) && row.get(field) != null) {
        return number(mine.get(field)) - number(row.get(field));
      }
    }
    return Double.NaN;
  }

  static String markdown(List<Map<String, Object>> rows) {
    StringBuilder md = new StringBuilder("## Scale: 1, 1,000 and 10,000 tenant pools in one JVM\n\n");
    md.append("From `ScaleHarness` on the stub driver. Threads: before the pools, right after opening them, and\n")
        .append("6 s later (HikariCP's per-pool connection-adder threads expire after 5 s idle). Heap per idle pool:\n")
        .append("heap after full GC with the pools open (each holding one idle connection) minus before, divided by\n")
        .append("the pool count (not meaningful for 1 pool). getConnection: borrow + close cycling over every tenant\n")
        .append("in a random order, single thread: wall time, the thread's CPU time (steadier on a shared machine)\n")
        .append("and the bytes the thread allocated per cycle (HikariCP's proxy is 56 B of them), warm and for cold\n")
        .append("tenants (the path compiled on a tenth of the tenants, then each other tenant's first borrow since its\n")
        .append("pool opened).\n")
        .append("Rows on JDK 21 or newer run HikariCP's helper threads as virtual threads (`tenantpool.virtualThreads`).\n\n");
    md.append("| Subject | JDK | Tenants | Open all (ms) | Threads before → peak → settled | Heap per idle pool | getConnection + close | CPU | B/cycle | cold tenants B/cycle |\n")
        .append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> row : rows) {
      int tenants = (int) number(row.get("tenants"));
      md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %.0f → %.0f → %.0f | %s | %,.0f ns | %,.0f ns | %.0f | %s |%n",
          row.get("subject"), java(row), tenants, number(row.get("openMillis")), number(row.get("threadsBefore")),
          number(row.get("threadsPeak")), number(row.get("threadsSettled")),
          tenants < 100 ? "n/a" : String.format(Locale.ROOT, "%,.0f B", number(row.get("heapPerPoolBytes"))),
          number(row.get("getConnectionNanos")), number(row.get("getConnectionCpuNanos")),
          number(row.get("bytesPerCycle")),
          row.get("coldBytesPerCycle") == null ? "n/a"
              : String.format(Locale.ROOT, "%.0f", number(row.get("coldBytesPerCycle")))));
    }
    return md.toString();
  }
}
