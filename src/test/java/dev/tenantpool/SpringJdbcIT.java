package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring's JDBC stack with TenantPoolDataSource as the application's one DataSource, wired as a
 * Spring application would wire its beans: JdbcTemplate and DataSourceTransactionManager over the
 * same data source, the tenant coming from TenantContext.
 */
class SpringJdbcIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "spring";
  private static List<String> tenants;
  private static TenantPoolDataSource dataSource;
  private static JdbcTemplate jdbc;
  private static TransactionTemplate transactions;

  @BeforeAll
  static void wireBeans() {
    tenants = DB.tenants(PREFIX, 3);
    dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build();
    jdbc = new JdbcTemplate(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @BeforeEach
  void emptyLedgers() throws SQLException {
    for (String tenant : tenants) {
      try (Connection c = DB.connect(PREFIX + "_" + tenant); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS ledger (owner text NOT NULL, amount int NOT NULL)");
        s.execute("TRUNCATE ledger");
      }
    }
  }

  private static int rows(String tenant) {
    try (TenantContext.Scope scope = TenantContext.use(tenant)) {
      return jdbc.queryForObject("SELECT count(*) FROM ledger", Integer.class);
    }
  }

  @Test
  void jdbcTemplateReachesTheDatabaseOfTheCurrentTenant() {
    for (String tenant : tenants) {
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        assertThat(jdbc.queryForObject("SELECT name FROM tenant_info", String.class)).isEqualTo(tenant);
      }
    }
  }

  @Test
  void commitsAndRollsBackInTheTenantsOwnDatabase() {
    try (TenantContext.Scope scope = TenantContext.use("t0")) {
      transactions.executeWithoutResult(status -> jdbc.update("INSERT INTO ledger VALUES ('t0', 10)"));
      assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO ledger VALUES ('t0', 20)");
        throw new IllegalStateException("business rule failed");
      })).hasMessage("business rule failed");
    }
    assertThat(rows("t0")).isEqualTo(1);
    assertThat(rows("t1")).isZero();
    try (TenantContext.Scope scope = TenantContext.use("t0")) {
      assertThat(jdbc.queryForObject("SELECT sum(amount) FROM ledger", Integer.class)).isEqualTo(10);
    }
  }

  @Test
  void aTransactionThatSwitchesTenantIsRefusedInsteadOfWritingToTheWrongTenant() {
    try (TenantContext.Scope scope = TenantContext.use("t1")) {
      assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO ledger VALUES ('t1', 1)");
        // The transaction's connection is bound to the thread: it is t1's, whatever the context says.
        try (TenantContext.Scope other = TenantContext.use("t2")) {
          jdbc.update("INSERT INTO ledger VALUES ('t2', 2)");
        }
      }))
          .isInstanceOf(DataAccessException.class)
          .satisfies(e -> assertThat(((DataAccessException) e).getMostSpecificCause())
              .isInstanceOf(SQLException.class)
              .extracting(cause -> ((SQLException) cause).getSQLState())
              .isEqualTo("TP003"));
    }
    assertThat(rows("t1")).as("rolled back").isZero();
    assertThat(rows("t2")).isZero();
  }
}
