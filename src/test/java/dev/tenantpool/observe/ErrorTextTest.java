package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

  @Test
  void dropsDetailLinesAndQuotedValuesOfDatabaseMessages() {
    SQLException duplicate = new SQLException(
        "ERROR: duplicate key value violates unique constraint \"users_email_key\"\n"
            + "  Detail: Key (email)=(ann@example.com) already exists.", "23505");
    assertThat(ErrorText.message(duplicate))
        .isEqualTo("ERROR: duplicate key value violates unique constraint ?");
    assertThat(ErrorText.message(new SQLException("ERROR: invalid input syntax for type integer: \"abc\"", "22P02")))
        .isEqualTo("ERROR: invalid input syntax for type integer: ?");
    assertThat(ErrorText.message(new SQLException("ERROR: value too long for type character varying(5)", "22001")))
        .isEqualTo("ERROR: value too long for type character varying(?)");
    assertThat(ErrorText.message(new SQLException("bad value 'x' and 12.5 in t1", "22000")))
        .isEqualTo("bad value ? and ? in t1");
  }

  @Test
  void keepsTenantPoolsOwnMessages() {
    SQLException own = new SQLException("no connection for tenant acme within 250 ms (total=1)", "TP006");
    assertThat(ErrorText.message(own)).isEqualTo(own.getMessage());
  }

  @Test
  void writesStackTracesWithoutMessages() {
    SQLException failure = new SQLException("secret 'v1'", "42000", new IllegalStateException("secret v2"));
    String trace = ErrorText.stackTrace(failure);
    assertThat(trace).startsWith("java.sql.SQLException\n\tat ")
        .contains("Caused by: java.lang.IllegalStateException\n\tat ")
        .doesNotContain("secret");
  }
}
