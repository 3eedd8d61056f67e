package dev.tenantpool.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Reads every result of a JMH JSON result file ({@code -rf json}). */
  public static List<Measurement> read(String json) {
    List<Measurement> all = new ArrayList<>();
    for (Object item : Json.array(Json.parse(json))) {
      Map<String, Object> result = Json.object(item);
      String full = String.valueOf(result.get("benchmark"));
      String[] parts = full.split("\\.");
      String benchmark = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
      Map<String, String> params = new LinkedHashMap<>();
      String variant = "";
      for (Map.Entry<String, Object> param : Json.object(result.get("params")).entrySet()) {
        if (param.getKey().equals("variant")) {
          variant = String.valueOf(param.getValue());
        } else {
          params.put(param.getKey(), String.valueOf(param.getValue()));
        }
      }
      Map<String, Object> primary = Json.object(result.get("primaryMetric"));
      Map<String, Object> alloc = Json.object(Json.object(result.get("secondaryMetrics")).get("gc.alloc.rate.norm"));
      all.add(new Measurement(benchmark, variant, params, Json.number(primary.get("score")),
          Json.number(primary.get("scoreError")), String.valueOf(primary.get("scoreUnit")),
          alloc.isEmpty() ? Double.NaN : Json.number(alloc.get("score"))));
    }
    return all;
  }
}
