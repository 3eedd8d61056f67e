package dev.tenantpool.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    String md = new ResultsReport(run()).markdown("quick", "-f 1", "0.1 0.2 0.3", "test machine", null, "c.png");
    assertThat(md).contains("| `tenantpool` | 150 ns/op | 1.50x | 80 | +24 |");
    assertThat(md).contains("| `tenantpool` | 240 ns/op | 2.18x | 96 | +40 |");
    assertThat(md).doesNotContain("SMOKE RUN");
  }

  @Test
  void goalsSayWhetherTheyAreMetAndByHowMuch() {
    List<ResultsReport.Goal> goals = new ResultsReport(run()).goals(null);
    assertThat(goals).extracting(ResultsReport.Goal::verdict).containsExactly(
        "**met** — 7 % headroom",
        "**missed** — 20 % slower; goal ≤ 10 %",
        "**missed** — lost 1 of 2",
        "**met**",
        "**missed** — 100 % growth; goal ≤ 25 %");
    assertThat(goals.get(2).measured()).contains("statement cycle: p6spy");
  }

  @Test
  void smokeRunsAreLabelledAsSuch() {
    assertThat(new ResultsReport(run()).markdown("smoke", "", "", "m", null, "c.png")).contains("SMOKE RUN");
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
  void jsonReaderRejectsWhatItCannotRead() {
    assertThat(Json.parse("{\"a\": [1, \"x\\\"y\", true, null]}")).hasToString("{a=[1.0, x\"y, true, null]}");
    assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("trailing");
  }
}
