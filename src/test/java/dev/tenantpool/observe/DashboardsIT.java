package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules in docs/ may only reference series that a
 * real TenantPool exposes, with labels and label values it really uses. The expected names are not
 * written down here: they come from a Prometheus scrape of a data source that served traffic
 * against PostgreSQL (histograms and the connection budget on, so every series exists).
 */
class DashboardsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = DB.tenants("obsd", 2);
  private static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");
  private static final Path ALERTS = Path.of("docs", "prometheus-alerts.yaml");
  private static final Pattern SELECTOR = Pattern.compile("\\b(tenantpool_[a-z_]+)\\b(\\{([^}]*)})?");
  private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"\\s*");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final Pattern ALERT_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((tenantpool_[a-z_]+)(\\{[^}]*})?\\s*,\\s*([a-zA-Z_]+)\\)");

  /** Series name -> label -> values seen, from the scrape. */
  private static Map<String, Map<String, Set<String>>> exposed;

  @BeforeAll
  static void scrapeARealRun() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsd_{tenant}"))
        .username(DB.user()).password(DB.password())
        .name("dash")
        .meterRegistry(registry)
        .property("tenantpool.tracing", "false")
        .property("tenantpool.metrics.histograms", "true")
        .property("tenantpool.maxTotalConnections", "10")
        .property("tenantpool.maximumPoolSize", "1")
        .property("tenantpool.connectionTimeout", "500")
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.breaker.minimumCalls", "2")
        .property("tenantpool.breaker.slidingWindowSize", "2")
        .build()) {
      for (String tenant : TENANTS) {
        try (Connection c = ds.getConnection(tenant); Statement s = c.createStatement()) {
          s.executeQuery("SELECT name FROM tenant_info").close();
          s.executeUpdate("UPDATE tenant_info SET name = name WHERE false");
          assertThatThrownBy(() -> s.execute("SELECT * FROM missing_table")).isInstanceOf(SQLException.class);
          assertThatThrownBy(() -> ds.getConnection(tenant)).isInstanceOf(SQLException.class); // timeout
        }
      }
      for (int i = 0; i < 3; i++) { // errors, then the circuit opens and rejects
        assertThatThrownBy(() -> ds.getConnection("ghost")).isInstanceOf(SQLException.class);
      }
      ds.evict(TENANTS.get(1));
      exposed = parse(registry.scrape());
    }
  }

  private static Map<String, Map<String, Set<String>>> parse(String scrape) {
    Map<String, Map<String, Set<String>>> series = new TreeMap<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
      Map<String, Set<String>> labels = series.computeIfAbsent(name, n -> new TreeMap<>());
      if (brace >= 0 && brace < space) {
        Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          labels.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
      }
    }
    return series;
  }

  @Test
  void theRealRunExposesEveryMeterOfTheContractUnderItsPrometheusName() {
    assertThat(exposed.keySet()).contains(
        "tenantpool_connection_acquire_seconds_bucket", "tenantpool_connection_acquire_seconds_count",
        "tenantpool_connection_acquire_seconds_sum", "tenantpool_connection_acquire_seconds_max",
        "tenantpool_connection_usage_seconds_count", "tenantpool_connections",
        "tenantpool_statement_duration_seconds_count", "tenantpool_statement_errors_total",
        "tenantpool_circuit_state", "tenantpool_circuit_transitions_total", "tenantpool_circuit_rejected_total",
        "tenantpool_pools", "tenantpool_pool_creation_seconds_count", "tenantpool_pool_evictions_total",
        "tenantpool_budget_connections");
    assertThat(exposed.get("tenantpool_connection_acquire_seconds_count").get("outcome"))
        .contains("success", "timeout", "rejected", "error");
    assertThat(exposed.get("tenantpool_budget_connections").keySet()).containsExactly("datasource", "server", "state");
  }

  @Test
  void theGrafanaDashboardIsAnImportableDashboardOfRealSeries() throws IOException {
    Map<String, Object> dashboard = load(DASHBOARD);
    assertThat(dashboard).containsKeys("title", "uid", "schemaVersion", "panels", "templating", "time");
    assertThat(((Number) dashboard.get("schemaVersion")).intValue()).isGreaterThanOrEqualTo(36);
    List<Map<String, Object>> panels = list(dashboard.get("panels"));
    Set<Object> ids = new HashSet<>();
    List<String> expressions = new ArrayList<>();
    for (Map<String, Object> panel : panels) {
      assertThat(panel).containsKeys("type", "title", "id", "gridPos");
      assertThat(ids.add(panel.get("id"))).as("panel ids are unique: " + panel.get("title")).isTrue();
      if (panel.get("type").equals("row")) {
        continue;
      }
      List<Map<String, Object>> targets = list(panel.get("targets"));
      assertThat(targets).as(panel.get("title").toString()).isNotEmpty();
      for (Map<String, Object> target : targets) {
        String expr = (String) target.get("expr");
        assertThat(target).containsKey("refId");
        checkExpression(panel.get("title") + ": " + expr, expr);
        Object legend = target.get("legendFormat");
        if (legend != null) {
          checkLabelsUsed(expr, legend.toString(), LEGEND_LABEL);
        }
        expressions.add(expr);
      }
    }
    for (Map<String, Object> variable : list(((Map<?, ?>) dashboard.get("templating")).get("list"))) {
      Object definition = variable.get("definition");
      if (definition != null) {
        Matcher m = LABEL_VALUES.matcher(definition.toString());
        assertThat(m.find()).as(definition.toString()).isTrue();
        assertThat(labelsOf(m.group(1))).as(definition.toString()).contains(m.group(3));
        checkExpression(definition.toString(), m.group(1) + (m.group(2) == null ? "" : m.group(2)));
      }
    }
    // What the issue asks the dashboard to show.
    String all = String.join("\n", expressions);
    assertThat(all).contains("histogram_quantile(0.50", "histogram_quantile(0.99", "tenantpool_connection_acquire_seconds_bucket",
        "state=\"active\"", "state=\"idle\"", "state=\"pending\"", "tenantpool_circuit_state",
        "tenantpool_statement_duration_seconds_count", "tenantpool_statement_errors_total", "tenantpool_pools",
        "tenantpool_budget_connections");
  }

  @Test
  void theAlertRulesReferenceOnlyRealSeries() throws IOException {
    Map<String, Object> rules = load(ALERTS);
    List<String> alerts = new ArrayList<>();
    for (Map<String, Object> group : list(rules.get("groups"))) {
      assertThat(group).containsKeys("name", "rules");
      for (Map<String, Object> rule : list(group.get("rules"))) {
        assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
        String expr = rule.get("expr").toString();
        checkExpression(rule.get("alert") + ": " + expr, expr);
        Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
        assertThat(annotations.get("summary")).isNotNull();
        for (Object text : annotations.values()) {
          checkLabelsUsed(expr, text.toString(), ALERT_LABEL);
        }
        assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).isIn("warning", "critical");
        alerts.add(rule.get("alert").toString());
      }
    }
    assertThat(alerts).contains(
        "TenantPoolExhausted", "TenantPoolCircuitOpen", "TenantPoolAcquireP99High", "TenantPoolBudgetNearCap");
  }

  /** Every series of {@code expr} exists, with the labels and the exact label values it names. */
  private static void checkExpression(String what, String expr) {
    assertThat(balanced(expr)).as("balanced brackets in " + what).isTrue();
    Matcher selector = SELECTOR.matcher(expr);
    List<String> names = new ArrayList<>();
    while (selector.find()) {
      String name = selector.group(1);
      names.add(name);
      assertThat(exposed).as(what).containsKey(name);
      if (selector.group(3) != null) {
        for (String matcher : selector.group(3).split(",")) {
          Matcher m = MATCHER.matcher(matcher);
          assertThat(m.matches()).as("label matcher " + matcher + " in " + what).isTrue();
          assertThat(exposed.get(name)).as(name + " in " + what).containsKey(m.group(1));
          if (m.group(2).equals("=") || m.group(2).equals("!=")) {
            assertThat(exposed.get(name).get(m.group(1))).as(name + "{" + matcher + "} in " + what).contains(m.group(3));
          }
        }
      }
    }
    assertThat(names).as("series in " + what).isNotEmpty();
    Matcher grouping = GROUPING.matcher(expr);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        for (String name : names) {
          assertThat(exposed.get(name)).as("label " + label.trim() + " of " + name + " in " + what).containsKey(label.trim());
        }
      }
    }
  }

  /** Labels a legend or an annotation prints must be labels every series of {@code expr} has. */
  private static void checkLabelsUsed(String expr, String text, Pattern label) {
    Matcher m = label.matcher(text);
    while (m.find()) {
      Matcher selector = SELECTOR.matcher(expr);
      while (selector.find()) {
        assertThat(labelsOf(selector.group(1))).as(m.group(1) + " printed for " + expr).contains(m.group(1));
      }
    }
  }

  private static Set<String> labelsOf(String name) {
    assertThat(exposed).containsKey(name);
    return exposed.get(name).keySet();
  }

  private static boolean balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      }
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static Map<String, Object> load(Path path) throws IOException {
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new Yaml().load(reader); // JSON is YAML too
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }
}
