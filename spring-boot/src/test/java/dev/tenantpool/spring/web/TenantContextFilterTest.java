package dev.tenantpool.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolSqlState;
import jakarta.servlet.ServletException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Which failures of a request say its tenant cannot be served now, and the problem body's escaping. */
class TenantContextFilterTest {
  @Test
  void tenantPoolsUnavailableStatesAreFoundAmongTheCauses() {
    for (TenantPoolSqlState state : new TenantPoolSqlState[] {TenantPoolSqlState.CIRCUIT_OPEN,
        TenantPoolSqlState.TENANT_PAUSED, TenantPoolSqlState.POOL_TIMEOUT, TenantPoolSqlState.UNKNOWN_TENANT}) {
      Exception failure = new ServletException("Request processing failed",
          new DataAccessResourceFailureException("could not get a connection", state.exception("x")));
      assertThat(TenantContextFilter.tenantPoolState(failure)).isEqualTo(state.code());
    }
  }

  @Test
  void otherFailuresAreLeftToTheApplication() {
    assertThat(TenantContextFilter.tenantPoolState(new IllegalStateException("bug"))).isNull();
    assertThat(TenantContextFilter.tenantPoolState(new ServletException(new SQLException("syntax", "42601")))).isNull();
    assertThat(TenantContextFilter.tenantPoolState(new ServletException(TenantPoolSqlState.TENANT_MISMATCH.exception("x"))))
        .as("a crossed connection is a bug, not an outage").isNull();
  }

  @Test
  void problemTextIsEscapedAsJson() {
    assertThat(ProblemResponse.quoted("a \"b\"\\\n<c>")).isEqualTo("\"a \\\"b\\\"\\\\\\n\\u003cc\\u003e\"");
  }
}
