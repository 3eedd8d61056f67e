package dev.tenantpool.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlSubsetTest {
  static final String CATALOG = String.join("\n",
      "---",
      "# tenants of the EU cluster",
      "tenants:",
      "  acme:",
      "    url: jdbc:postgresql://db-eu-1:5432/acme?sslmode=require",
      "    user: acme_app   # the application role",
      "    password: 's3cr:et ''quoted'''",
      "    tier: pro",
      "    maximumPoolSize: 12",
      "  \"globex-2\":",
      "    password: \"tab\\tand \\\"quote\\\" and \\u00e9\"",
      "    tier: free",
      "    breaker:",
      "      waitInOpen: 5000",
      "  initech:",
      "",
      "tiers:",
      "  free:",
      "    maximumPoolSize: 2",
      "  pro:",
      "    maximumPoolSize: 20",
      "    connectionTimeout: 30000",
      "");

  @Test
  void readsNestedMappingsOfScalarsAsWritten() throws Exception {
    Map<String, Object> root = YamlSubset.parse(CATALOG);
    Map<String, Object> tenants = map(root.get("tenants"));
    assertThat(tenants).containsOnlyKeys("acme", "globex-2", "initech");
    assertThat(map(tenants.get("acme")))
        .containsEntry("url", "jdbc:postgresql://db-eu-1:5432/acme?sslmode=require")
        .containsEntry("user", "acme_app")
        .containsEntry("password", "s3cr:et 'quoted'")
        .containsEntry("maximumPoolSize", "12");
    assertThat(map(tenants.get("globex-2")).get("password")).isEqualTo("tab\tand \"quote\" and \u00e9");
    assertThat(map(map(tenants.get("globex-2")).get("breaker"))).containsEntry("waitInOpen", "5000");
    assertThat(tenants.get("initech")).isNull();
    assertThat(map(map(root.get("tiers")).get("pro"))).containsEntry("connectionTimeout", "30000");
  }

  @Test
  void readsTheSameAsAFullYamlParser() throws Exception {
    Object full = new Yaml(new SafeConstructor(new LoaderOptions())).load(CATALOG);
    assertThat(YamlSubset.parse(CATALOG)).isEqualTo(asStrings(full));
  }

  @Test
  void keepsScalarsThatYamlWouldRetypeAsTheTextWritten() throws Exception {
    Map<String, Object> root = YamlSubset.parse("password: no\nother: 0777\nthird: 1e3\nempty: ~\n");
    assertThat(root).containsEntry("password", "no").containsEntry("other", "0777").containsEntry("third", "1e3")
        .containsEntry("empty", null);
  }

  @Test
  void rejectsWhatTheSubsetDoesNotCoverNamingTheLine() {
    assertSyntaxError("tenants:\n  - acme\n", "line 2", "sequences");
    assertSyntaxError("tenants: {acme: {}}\n", "line 1", "flow collections");
    assertSyntaxError("a: &x 1\nb: *x\n", "line 1", "anchors");
    assertSyntaxError("a: |\n  text\n", "line 1", "block scalars");
    assertSyntaxError("a: 1\na: 2\n", "line 2", "duplicate key");
    assertSyntaxError("tenants:\n\tacme:\n", "line 2", "tabs");
    assertSyntaxError("tenants:\n    acme:\n  globex:\n", "line 3", "indentation");
    assertSyntaxError("a: 1\n---\nb: 2\n", "line 2", "one YAML document");
    assertSyntaxError("a: !!str 1\n", "line 1", "tags");
    assertSyntaxError("just text\n", "line 1", "key: value");
    assertSyntaxError("url: a: b\n", "line 1", "quotes");
  }

  @Test
  void neverEchoesTheTextOfABadLine() {
    assertThatThrownBy(() -> YamlSubset.parse("tenants:\n  acme:\n    password: \"hunter2-secret\n"))
        .isInstanceOf(YamlSubset.SyntaxException.class)
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("hunter2");
  }

  private static void assertSyntaxError(String text, String line, String what) {
    assertThatThrownBy(() -> YamlSubset.parse(text))
        .isInstanceOf(YamlSubset.SyntaxException.class)
        .hasMessageContaining(line)
        .hasMessageContaining(what);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  /** SnakeYAML's typed scalars as text, as the subset keeps them (the sample holds no retyped scalar). */
  private static Object asStrings(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map(value).forEach((k, v) -> copy.put(String.valueOf(k), asStrings(v)));
      return copy;
    }
    return value == null ? null : value.toString();
  }
}
