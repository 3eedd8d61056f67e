package dev.tenantpool.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JMH result: a benchmark method, its parameters, the score and, with {@code -prof gc}, the
 * bytes allocated per operation.
 *
 * @param benchmark {@code Class.method}, without the package
 * @param variant the {@code variant} parameter
 * @param params the other parameters, in order (e.g. {@code tenants=1000})
 * @param score the primary score
 * @param error its 99.9 % error half-width (NaN with a single iteration)
 * @param unit the score's unit, e.g. {@code ns/op}
 * @param bytesPerOp {@code gc.alloc.rate.norm}, or NaN without {@code -prof gc}
 */
public record Measurement(String benchmark, String variant, Map<String, String> params, double score, double error,
    String unit, double bytesPerOp) {

  /** Comparisons are made within a group: the same benchmark with the same non-variant parameters. */
  public String group() {
    if (params.isEmpty()) {
      return benchmark;
    }
    StringBuilder key = new StringBuilder(benchmark);
    params.forEach((name, value) -> key.append(' ').append(name).append('=').append(value));
    return key.toString();
  }

  private static final JsonMapper JSON = JsonMapper.shared();

  /** Reads every result of a JMH JSON result file ({@code -rf json}). */
  public static List<Measurement> read(String json) {
    List<Measurement> all = new ArrayList<>();
    for (JsonNode result : JSON.readTree(json)) {
      String full = result.path("benchmark").asString();
      String[] parts = full.split("\\.");
      String benchmark = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
      Map<String, String> params = new LinkedHashMap<>();
      String variant = "";
      for (Map.Entry<String, JsonNode> param : result.path("params").properties()) {
        if (param.getKey().equals("variant")) {
          variant = param.getValue().asString();
        } else {
          params.put(param.getKey(), param.getValue().asString());
        }
      }
      JsonNode primary = result.path("primaryMetric");
      JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
      all.add(new Measurement(benchmark, variant, params, number(primary.path("score")),
          number(primary.path("scoreError")), primary.path("scoreUnit").asString(),
          alloc.isMissingNode() ? Double.NaN : number(alloc.path("score"))));
    }
    return all;
  }

  /** JMH writes a number, or the string {@code "NaN"} where there is none (one iteration). */
  private static double number(JsonNode node) {
    return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asString());
  }
}
