package dev.tenantpool.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML catalog reader: SnakeYAML Engine with every scalar kept as written, and error messages
 * that name the line but never echo it.
 */
class YamlCatalogReaderTest {
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
    Map<String, Object> root = YamlCatalogReader.parse(CATALOG);
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
    assertThat(YamlCatalogReader.parse(CATALOG)).isEqualTo(asStrings(full));
  }

  @Test
  void keepsScalarsThatYamlWouldRetypeAsTheTextWritten() throws Exception {
    Map<String, Object> root = YamlCatalogReader.parse("password: no\nother: 0777\nthird: 1e3\nempty: ~\n");
    assertThat(root).containsEntry("password", "no").containsEntry("other", "0777").containsEntry("third", "1e3")
        .containsEntry("empty", null);
  }

  @Test
  void readsFlowMappingsAndAnchorsAsAnyYamlToolDoes() throws Exception {
    Map<String, Object> root = YamlCatalogReader.parse(
        "tiers:\n  base: &base {maximumPoolSize: 4}\n  pro: *base\ntenants: {acme: {tier: pro}}\n");
    assertThat(map(map(root.get("tiers")).get("pro"))).containsEntry("maximumPoolSize", "4");
    assertThat(map(map(root.get("tenants")).get("acme"))).containsEntry("tier", "pro");
  }

  @Test
  void keepsExplicitlyQuotedNullsAndEmptyStringsAsText() throws Exception {
    Map<String, Object> root = YamlCatalogReader.parse("a: 'null'\nb: ''\nc:\nd: \"~\"\n");
    assertThat(root).containsEntry("a", "null").containsEntry("b", "").containsEntry("c", null).containsEntry("d", "~");
  }

  @Test
  void rejectsWhatACatalogCannotMeanNamingTheLine() {
    assertSyntaxError("a: 1\na: 2\n", "line 2", "duplicate key");
    assertSyntaxError("tenants:\n\tacme:\n", "line 2", "");
    assertSyntaxError("a: 1\n---\nb: 2\n", "line 2", "expected a single document");
    assertSyntaxError("a: !!int 1\n", "line 1", "constructor");
    assertSyntaxError("just text\n", "line 1", "a catalog is a mapping");
    assertSyntaxError("- acme\n", "line 1", "a catalog is a mapping");
    assertSyntaxError("url: a: b\n", "line 1", "mapping values are not allowed");
  }

  @Test
  void refusesAFileOfAliasesThatWouldExpandWithoutBound() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      laughs.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      laughs.append("]\n");
    }
    assertThatThrownBy(() -> YamlCatalogReader.parse(laughs.toString()))
        .isInstanceOf(YamlCatalogReader.SyntaxException.class);
  }

  @Test
  void neverEchoesTheTextOfABadLine() {
    assertThatThrownBy(() -> YamlCatalogReader.parse("tenants:\n  acme:\n    password: \"hunter2-secret\n"))
        .isInstanceOf(YamlCatalogReader.SyntaxException.class)
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> YamlCatalogReader.parse("tenants:\n  acme:\n    password: hunter2: secret\n"))
        .isInstanceOf(YamlCatalogReader.SyntaxException.class)
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("hunter2").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> YamlCatalogReader.parse("password: `hunter2\n"))
        .isInstanceOf(YamlCatalogReader.SyntaxException.class)
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("hunter2");
  }

  private static void assertSyntaxError(String text, String line, String what) {
    assertThatThrownBy(() -> YamlCatalogReader.parse(text))
        .isInstanceOf(YamlCatalogReader.SyntaxException.class)
        .hasMessageContaining(line)
        .hasMessageContaining(what);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  /** SnakeYAML's typed scalars as text, as the reader keeps them (the sample holds no retyped scalar). */
  private static Object asStrings(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map(value).forEach((k, v) -> copy.put(String.valueOf(k), asStrings(v)));
      return copy;
    }
    return value == null ? null : value.toString();
  }
}
