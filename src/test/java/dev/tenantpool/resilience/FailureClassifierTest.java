package dev.tenantpool.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One case per row of FailureClassifier's table, plus neighbours that must not match a row. */
class FailureClassifierTest {

  @ParameterizedTest(name = "{0} ({1}) counts against the breaker")
  @CsvSource({
      "08001, 'connection refused'",
      "08006, 'connection failure (I/O error, socket timeout)'",
      "08003, 'connection does not exist'",
      "28P01, 'wrong password'",
      "28000, 'no such role / not allowed by pg_hba.conf'",
      "3D000, 'database does not exist'",
      "53300, 'too many connections'",
      "53100, 'disk full'",
      "53200, 'out of memory'",
      "57P01, 'terminated by an administrator'",
      "57P02, 'crash shutdown'",
      "57P03, 'cannot connect now (starting up)'",
      "58000, 'system error'",
      "58030, 'I/O error'",
      "XX000, 'internal error'",
      "XX001, 'data corrupted'",
      "TP006, 'no connection within tenantpool.connectionTimeout'",
  })
  void countsWhatSaysTheDatabaseIsUnhealthy(String sqlState, String meaning) {
    assertThat(FailureClassifier.isDatabaseFailure(sqlState)).as(meaning).isTrue();
    assertThat(FailureClassifier.isDatabaseFailure(new SQLException(meaning, sqlState))).isTrue();
  }

  @Test
  void countsAFailureWithoutSqlState() {
    assertThat(FailureClassifier.isDatabaseFailure((String) null)).isTrue();
    assertThat(FailureClassifier.isDatabaseFailure(new SQLException("I/O error without a code"))).isTrue();
    assertThat(FailureClassifier.isDatabaseFailure("0")).isTrue();
  }

  @ParameterizedTest(name = "{0} ({1}) is an application error")
  @CsvSource({
      "57014, 'query cancelled'",
      "40001, 'serialization failure'",
      "40P01, 'deadlock detected'",
      "42601, 'syntax error'",
      "42P01, 'undefined table'",
      "42501, 'insufficient privilege'",
      "23505, 'unique violation'",
      "23503, 'foreign key violation'",
      "22012, 'division by zero'",
      "22001, 'string too long'",
      "25P02, 'in failed transaction'",
      "55000, 'object not in prerequisite state'",
      "55P03, 'lock not available'",
      "P0001, 'raise exception'",
  })
  void doesNotCountApplicationErrors(String sqlState, String meaning) {
    assertThat(FailureClassifier.isDatabaseFailure(sqlState)).as(meaning).isFalse();
  }

  @ParameterizedTest(name = "{0} is not one of the listed 57/3D/TP states")
  @ValueSource(strings = {"57000", "57P04", "57P05", "3D001", "3F000", "TP001", "TP002", "TP003", "TP004", "TP005", "TP007"})
  void countsOnlyTheListedCodesOfPartlyListedClasses(String sqlState) {
    assertThat(FailureClassifier.isDatabaseFailure(sqlState)).isFalse();
  }

  @ParameterizedTest(name = "a connection attempt failing with {0} counts")
  @ValueSource(strings = {"55000", "42501", "3D000", "28P01", "08001", "53300", "57P03", "TP006", "XX000", "22023"})
  void countsEveryFailureToOpenOrBorrowAConnection(String sqlState) {
    // 55000 is how PostgreSQL refuses a database with ALLOW_CONNECTIONS false; as a statement
    // error it would be an application's, as a connection failure it says the database is out.
    assertThat(FailureClassifier.isConnectFailure(new SQLException("connect failed", sqlState))).isTrue();
    assertThat(FailureClassifier.isConnectFailure(new SQLException("connect failed"))).isTrue();
  }

  @ParameterizedTest(name = "a connection refused by TenantPool itself with {0} does not count")
  @ValueSource(strings = {"TP001", "TP002", "TP003", "TP004", "TP005", "TP007"})
  void doesNotCountTenantPoolsOwnRefusalsOfAConnection(String sqlState) {
    assertThat(FailureClassifier.isConnectFailure(new SQLException("refused by TenantPool", sqlState))).isFalse();
  }
}
