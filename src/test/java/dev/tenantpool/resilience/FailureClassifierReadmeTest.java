package dev.tenantpool.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's failure table is a promise to operators: every SQLState pattern it lists must be
 * classified as it says. Patterns like {@code 08xxx} are checked with concrete codes.
 */
class FailureClassifierReadmeTest {
  private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| .+? \\| (yes|no) \\|$");
  private static final Pattern CODE = Pattern.compile("`([0-9A-Zx]{5})`");

  @Test
  void everyRowOfTheReadmeFailureTableMatchesTheClassifier() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("<!-- failures:start -->"), readme.indexOf("<!-- failures:end -->"));
    List<String> checked = new ArrayList<>();
    for (String line : table.split("\n")) {
      Matcher row = ROW.matcher(line.trim());
      if (!row.matches() || line.contains("---")) {
        continue;
      }
      boolean counts = row.group(2).equals("yes");
      if (row.group(1).equals("(none)")) {
        assertThat(FailureClassifier.isDatabaseFailure((String) null)).isEqualTo(counts);
        checked.add("(none)");
        continue;
      }
      Matcher codes = CODE.matcher(row.group(1));
      while (codes.find()) {
        for (String code : concrete(codes.group(1))) {
          assertThat(FailureClassifier.isDatabaseFailure(code)).as("README says %s counts: %s", code, counts).isEqualTo(counts);
          checked.add(code);
        }
      }
    }
    assertThat(checked).contains("08006", "28P01", "3D000", "53300", "57P01", "57014", "40001", "42601", "23505", "(none)");
  }

  /** {@code 08xxx} stands for a few real codes of the class; a concrete code stands for itself. */
  private static List<String> concrete(String pattern) {
    if (!pattern.endsWith("xxx")) {
      return List.of(pattern);
    }
    String prefix = pattern.substring(0, 2);
    switch (prefix) {
      case "08":
        return List.of("08000", "08001", "08006", "08P01");
      case "28":
        return List.of("28000", "28P01");
      case "53":
        return List.of("53100", "53200");
      case "58":
        return List.of("58000", "58030");
      case "XX":
        return List.of("XX000", "XX001");
      case "40":
        return List.of("40001", "40P01");
      case "42":
        return List.of("42601", "42P01");
      case "23":
        return List.of("23505", "23503");
      case "22":
        return List.of("22012", "22P02");
      default:
        return List.of(prefix + "000");
    }
  }
}
