package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OperationTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("SELECT 1", Operation.SELECT),
        Arguments.of("select * from t", Operation.SELECT),
        Arguments.of("  \n\tSeLeCt 1", Operation.SELECT),
        Arguments.of("SELECT", Operation.SELECT),
        Arguments.of("(SELECT 1) UNION (SELECT 2)", Operation.SELECT),
        Arguments.of("-- why\nINSERT INTO t VALUES (1)", Operation.INSERT),
        Arguments.of("/* a */ /* b */UPDATE t SET a = 1", Operation.UPDATE),
        Arguments.of("DELETE FROM t", Operation.DELETE),
        Arguments.of("MERGE INTO t USING s ON true WHEN MATCHED THEN DO NOTHING", Operation.MERGE),
        Arguments.of("WITH x AS (SELECT 1) SELECT * FROM x", Operation.WITH),
        Arguments.of("{call f(?)}", Operation.CALL),
        Arguments.of("{? = call f(?)}", Operation.CALL),
        Arguments.of("CALL p()", Operation.CALL),
        Arguments.of("COPY t FROM STDIN", Operation.COPY),
        Arguments.of("BEGIN", Operation.BEGIN),
        Arguments.of("COMMIT", Operation.COMMIT),
        Arguments.of("ROLLBACK", Operation.ROLLBACK),
        Arguments.of("SET search_path = a", Operation.SET),
        Arguments.of("CREATE TABLE t (a int)", Operation.CREATE),
        Arguments.of("ALTER TABLE t ADD b int", Operation.ALTER),
        Arguments.of("DROP TABLE t", Operation.DROP),
        Arguments.of("TRUNCATE t", Operation.TRUNCATE),
        // a keyword must be a whole word
        Arguments.of("SELECTED", Operation.OTHER),
        Arguments.of("delete_me()", Operation.OTHER),
        Arguments.of("SETUP", Operation.OTHER),
        Arguments.of("set$x", Operation.OTHER),
        // unknown, empty, comments only
        Arguments.of("VACUUM", Operation.OTHER),
        Arguments.of("EXPLAIN SELECT 1", Operation.OTHER),
        Arguments.of("", Operation.OTHER),
        Arguments.of("   ", Operation.OTHER),
        Arguments.of("/* unclosed", Operation.OTHER),
        Arguments.of("-- only a comment", Operation.OTHER));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsTheFirstKeyword(String sql, Operation expected) {
    assertThat(Operation.of(sql)).isEqualTo(expected);
  }

  @Test
  void treatsNullAsOther() {
    assertThat(Operation.of(null)).isEqualTo(Operation.OTHER);
  }

  @Test
  void namesBatchesPerTheSemanticConventions() {
    assertThat(Operation.INSERT.batchName()).isEqualTo("BATCH INSERT");
    assertThat(Operation.OTHER.batchName()).isEqualTo("BATCH");
  }
}
