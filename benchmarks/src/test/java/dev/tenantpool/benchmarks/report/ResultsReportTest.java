package dev.tenantpool.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {
  private static String result(String benchmark, String variant, String tenants, double score, double bytes) {
    return "{\"benchmark\": \"dev.tenantpool.benchmarks." + benchmark + "\", \"mode\": \"avgt\","
        + " \"params\": {\"variant\": \"" + variant + "\"" + (tenants == null ? "" : ", \"tenants\": \"" + tenants + "\"")
        + "}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ns/op\"},"
        + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": " + bytes + ", \"scoreUnit\": \"B/op\"}}}";
  }

  private static List<Measurement> run() {
    String json = "[" + String.join(",",
        result("ConnectionBenchmark.connectionCycle", "hikari", null, 100, 56),
        result("ConnectionBenchmark.connectionCycle", "tenantpool", null, 150, 80),
        result("ConnectionBenchmark.connectionCycle", "p6spy", null, 300, 200),
        result("StatementBenchmark.statementCycle", "hikari", null, 200, 100),
        result("StatementBenchmark.statementCycle", "tenantpool", null, 240, 100),
        result("StatementBenchmark.statementCycle", "p6spy", null, 230, 300),
        result("RoutingBenchmark.routedConnectionCycle", "hikari", "1", 100, 56),
        result("RoutingBenchmark.routedConnectionCycle", "tenantpool", "1", 120, 96),
        result("RoutingBenchmark.routedConnectionCycle", "hikari", "10000", 110, 56),
        result("RoutingBenchmark.routedConnectionCycle", "tenantpool", "10000", 240, 96)) + "]";
    return Measurement.read(json);
  }

  @Test
  void readsJmhResultsWithTheirAllocation() {
    List<Measurement> all = run();
    assertThat(all).hasSize(10);
    Measurement routed = all.get(9);
    assertThat(routed.benchmark()).isEqualTo("RoutingBenchmark.routedConnectionCycle");
    assertThat(routed.variant()).isEqualTo("tenantpool");
    assertThat(routed.group()).isEqualTo("RoutingBenchmark.routedConnectionCycle tenants=10000");
    assertThat(routed.bytesPerOp()).isEqualTo(96);
    assertThat(routed.error()).isNaN();
  }

  @Test
  void ratiosAreTakenAgainstHikariOfTheSameTable() {
    String md = new ResultsReport(run()).markdown("quick", "-f 1", "0.1 0.2 0.3", "test machine", List.of(), "c.png");
    assertThat(md).contains("| `tenantpool` | 150 ns/op | 1.50x | 80 | +24 |");
    assertThat(md).contains("| `tenantpool` | 240 ns/op | 2.18x | 96 | +40 |");
    assertThat(md).doesNotContain("SMOKE RUN");
  }

  @Test
  void goalsSayWhetherTheyAreMetAndByHowMuch() {
    List<Map<String, Object>> scale = List.of(
        Map.of("subject", "tenantpool", "java", 17.0, "tenants", 10000.0, "threadsBefore", 6.0, "threadsPeak", 3800.0,
            "threadsSettled", 8.0, "heapPerPoolBytes", 7900.0, "coldBytesPerCycle", 120.0),
        Map.of("subject", "routing (HikariCP defaults)", "java", 17.0, "tenants", 10000.0, "coldBytesPerCycle", 100.0),
        Map.of("subject", "tenantpool", "java", 25.0, "tenants", 10000.0, "threadsBefore", 10.0, "threadsPeak", 90.0,
            "threadsSettled", 10.0, "heapPerPoolBytes", 7000.0));
    List<ResultsReport.Goal> goals = new ResultsReport(run()).goals(scale);
    assertThat(goals).extracting(ResultsReport.Goal::goal).anySatisfy(g -> assertThat(g).startsWith("Connection cycle ≤ 1.3x"));
    assertThat(verdictOf(goals, "Connection cycle")).isEqualTo("**missed** — by 15 %");
    assertThat(verdictOf(goals, "Statement cycle")).isEqualTo("**met** — 25 % headroom");
    assertThat(verdictOf(goals, "Routing over 1,000")).isEqualTo("n/a");
    assertThat(verdictOf(goals, "Every peer")).isEqualTo("**missed** — lost 1 of 2");
    assertThat(verdictOf(goals, "≤ 32 extra bytes")).isEqualTo("**missed** — worst +40 B");
    assertThat(measuredOf(goals, "≤ 32 extra bytes")).contains("cold tenants of 10,000 (ScaleHarness, vs the hand-rolled map) +20");
    assertThat(verdictOf(goals, "≤ 64 extra bytes")).isEqualTo("**met**");
    assertThat(verdictOf(goals, "Threads: opening")).isEqualTo("**missed**");
    assertThat(measuredOf(goals, "Threads: opening")).isEqualTo("JDK 25: 10 → 90 peak (+80)");
    assertThat(measuredOf(goals, "Threads on JDK 17")).isEqualTo("JDK 17: 6 → 3800 peak → 8 settled");
    assertThat(verdictOf(goals, "≤ 8 KB")).isEqualTo("**met**");
  }

  private static String verdictOf(List<ResultsReport.Goal> goals, String prefix) {
    return goals.stream().filter(g -> g.goal().startsWith(prefix)).findFirst().orElseThrow().verdict();
  }

  private static String measuredOf(List<ResultsReport.Goal> goals, String prefix) {
    return goals.stream().filter(g -> g.goal().startsWith(prefix)).findFirst().orElseThrow().measured();
  }

  @Test
  void smokeRunsAreLabelledAsSuch() {
    assertThat(new ResultsReport(run()).markdown("smoke", "", "", "m", List.of(), "c.png")).contains("SMOKE RUN");
  }

  @Test
  void drawsOnePanelPerTable(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("chart.png");
    ResultsChart.write(new ResultsReport(run()).chartPanels(), "test", png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(Files.size(png)).isPositive();
  }

  @Test
  void readsTheScaleHarnessFileItWrites(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("scale.json");
    Files.writeString(file, "{\"rows\": [{\"subject\": \"tenantpool\", \"java\": 25, \"tenants\": 10000,"
        + " \"threadsBefore\": 6, \"threadsPeak\": 16, \"coldBytesPerCycle\": null}]}");
    List<Map<String, Object>> rows = ScaleSection.rows(file);
    assertThat(ScaleSection.row(rows, "tenantpool", 10_000, 21)).containsEntry("threadsPeak", 16);
    assertThat(ScaleSection.rows(dir.resolve("missing.json"))).isEmpty();
  }
}
