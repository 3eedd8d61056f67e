package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's two reference tables in step with the enums they document: the
 * configuration keys ({@link TenantPoolProperty}) and the SQLStates ({@link TenantPoolSqlState}).
 * A new key or state fails this test until the README shows it. The expected blocks are also
 * written to {@code target/readme/} to be pasted between the markers.
 */
class ReadmeTest {
  private static final Path README = Path.of("README.md");
  private static final Path EXPECTED_DIR = Path.of("target", "readme");

  static String propertiesTable() {
    StringBuilder table = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      table.append("| `").append(property.key()).append("` | ")
          .append(property.defaultValue() == null ? "(none)" : "`" + property.defaultValue() + "`")
          .append(" | ").append(cell(property.description())).append(" |\n");
    }
    return table.toString();
  }

  static String sqlStatesTable() {
    StringBuilder table = new StringBuilder("| SQLState | Name | Meaning |\n|---|---|---|\n");
    for (TenantPoolSqlState state : TenantPoolSqlState.values()) {
      table.append("| `").append(state.code()).append("` | `").append(state.name()).append("` | ")
          .append(cell(state.description())).append(" |\n");
    }
    return table.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /** The text between {@code <!-- name:start -->} and {@code <!-- name:end -->}, trimmed to whole lines. */
  static String block(String readme, String name) {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    int from = readme.indexOf(start);
    int to = readme.indexOf(end);
    assertThat(from).as("README.md has the marker %s", start).isNotNegative();
    assertThat(to).as("README.md has the marker %s after %s", end, start).isGreaterThan(from);
    String inside = readme.substring(from + start.length(), to);
    return inside.strip() + "\n";
  }

  private static void assertBlock(String name, String expected) throws IOException {
    Files.createDirectories(EXPECTED_DIR);
    Files.writeString(EXPECTED_DIR.resolve(name + ".md"), expected, StandardCharsets.UTF_8);
    String actual = block(Files.readString(README, StandardCharsets.UTF_8), name);
    if (!actual.equals(expected)) {
      throw new AssertionError("README.md's " + name + " table is out of date with the code. "
          + firstDifference(actual, expected) + "\nReplace the lines between <!-- " + name
          + ":start --> and <!-- " + name + ":end --> with " + EXPECTED_DIR.resolve(name + ".md")
          + ":\n" + expected);
    }
  }

  private static String firstDifference(String actual, String expected) {
    List<String> a = actual.lines().collect(java.util.stream.Collectors.toList());
    List<String> e = expected.lines().collect(java.util.stream.Collectors.toList());
    for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
      String got = i < a.size() ? a.get(i) : "(no line)";
      String want = i < e.size() ? e.get(i) : "(no line)";
      if (!got.equals(want)) {
        return "First difference at table line " + (i + 1) + ":\n  README: " + got + "\n  code:   " + want;
      }
    }
    return "";
  }

  @Test
  void readmeDocumentsEveryConfigurationKeyAsTheCodeDefinesIt() throws IOException {
    assertBlock("properties", propertiesTable());
  }

  @Test
  void readmeDocumentsEverySqlStateAsTheCodeDefinesIt() throws IOException {
    assertBlock("sqlstates", sqlStatesTable());
  }

  @Test
  void tablesHaveOneRowPerConstant() {
    assertThat(propertiesTable().lines().count()).isEqualTo(TenantPoolProperty.values().length + 2);
    assertThat(sqlStatesTable().lines().count()).isEqualTo(TenantPoolSqlState.values().length + 2);
  }
}
