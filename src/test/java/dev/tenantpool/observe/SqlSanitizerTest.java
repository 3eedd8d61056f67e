package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlSanitizerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // plain strings, with '' escapes
        Arguments.of("SELECT * FROM t WHERE name = 'ann'", "SELECT * FROM t WHERE name = ?"),
        Arguments.of("SELECT 'it''s secret' AS x", "SELECT ? AS x"),
        Arguments.of("SELECT '' , 'a''''b'", "SELECT ? , ?"),
        Arguments.of("SELECT 'a' 'continued'", "SELECT ? ?"),
        Arguments.of("SELECT 'no backslash escape\\' , 1", "SELECT ? , ?"),
        // E'' strings: backslash escapes
        Arguments.of("SELECT E'it\\'s \\\\ secret' FROM t", "SELECT ? FROM t"),
        Arguments.of("SELECT e'x\\'y'", "SELECT ?"),
        // prefixed strings keep their prefix, lose their value
        Arguments.of("SELECT B'1010', X'ff', U&'d\\0061t'", "SELECT B?, X?, U&?"),
        // dollar quoting
        Arguments.of("DO $$BEGIN PERFORM 'secret'; END$$", "DO ?"),
        Arguments.of("SELECT $fn$ body with $$ inside $fn$ AS f", "SELECT ? AS f"),
        Arguments.of("SELECT $a1$secret$a1$", "SELECT ?"),
        Arguments.of("SELECT $tag$never closed secret", "SELECT ?"),
        // numbers
        Arguments.of("SELECT 42, 3.14, .5, 1e10, 1.5E-3, 2e+7", "SELECT ?, ?, .?, ?, ?, ?"),
        Arguments.of("SELECT 0x1F, 0o17, 0b101, 1_000_000", "SELECT ?, ?, ?, ?"),
        Arguments.of("SELECT -7 + x", "SELECT -? + x"),
        Arguments.of("SELECT x::numeric(10,2)", "SELECT x::numeric(?,?)"),
        // identifiers with digits, quoted identifiers, parameters are kept
        Arguments.of("SELECT c1, t2.col3 FROM table4 t2", "SELECT c1, t2.col3 FROM table4 t2"),
        Arguments.of("SELECT \"Col 1\", \"we\"\"ird\" FROM \"T9\"", "SELECT \"Col 1\", \"we\"\"ird\" FROM \"T9\""),
        Arguments.of("SELECT a$1 FROM t_2", "SELECT a$1 FROM t_2"),
        Arguments.of("SELECT * FROM t WHERE a = ? AND b = $1 AND c = $12", "SELECT * FROM t WHERE a = ? AND b = $1 AND c = $12"),
        Arguments.of("SELECT name FROM employee", "SELECT name FROM employee"),
        // comments are removed, whatever they hold
        Arguments.of("SELECT 1 -- password 'x' 42\nFROM t", "SELECT ? \nFROM t"),
        Arguments.of("SELECT /* user ann, card 4111 */ a FROM t", "SELECT   a FROM t"),
        Arguments.of("SELECT /* outer /* inner 'x' */ still 7 */ a", "SELECT   a"),
        Arguments.of("SELECT a -- trailing", "SELECT a "),
        // JDBC escapes
        Arguments.of("SELECT {d '2024-01-31'}, {fn ucase('x')}", "SELECT {d ?}, {fn ucase(?)}"),
        Arguments.of("{? = call f(?, 'x', 3)}", "{? = call f(?, ?, ?)}"),
        // non-ASCII
        Arguments.of("SELECT größe FROM maße WHERE name = 'Zoë'", "SELECT größe FROM maße WHERE name = ?"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void replacesLiteralsAndRemovesComments(String sql, String expected) {
    assertThat(SqlSanitizer.sanitize(sql)).isEqualTo(expected);
  }

  @Test
  void returnsTheSameTextWhenThereIsNothingToReplace() {
    String sql = "SELECT a, b FROM t WHERE c = ? AND d = $1";
    assertThat(SqlSanitizer.sanitize(sql)).isSameAs(sql);
  }

  @Test
  void keepsNull() {
    assertThat(SqlSanitizer.sanitize(null)).isNull();
  }
}
