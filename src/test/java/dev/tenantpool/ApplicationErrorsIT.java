package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Errors of the application's own making, raised for real by PostgreSQL, never open a circuit: a
 * tenant whose code has a typo keeps its database. Statement failures that say the database is
 * unhealthy do.
 */
class ApplicationErrorsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String TENANT = "t0";
  // Far more failures than the breaker needs to judge (minimumCalls), all in a row.
  private static final int REPEATS = ShortOutages.MINIMUM_CALLS * 3;

  private TenantPoolDataSource dataSource;
  private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());

  /** An application error, caused on a connection of the tenant. */
  enum AppError {
    SYNTAX("42601") {
      @Override
      void cause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("SELEC name FROM tenant_info");
        }
      }
    },
    UNIQUE_VIOLATION("23505") {
      @Override
      void cause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO unique_ids VALUES (1)");
        }
      }
    },
    SERIALIZATION_FAILURE("40001") {
      @Override
      void cause(Connection c) throws SQLException {
        // What a SERIALIZABLE transaction that lost a conflict gets; the breaker sees only the code.
        try (Statement s = c.createStatement()) {
          s.execute("DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; END $$");
        }
      }
    },
    STATEMENT_TIMEOUT("57014") {
      @Override
      void cause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("SET statement_timeout = '20ms'");
          try {
            s.execute("SELECT pg_sleep(5)");
          } finally {
            s.execute("RESET statement_timeout");
          }
        }
      }
    },
    CANCELLED_BY_THE_APPLICATION("57014") {
      @Override
      void cause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
            try {
              TimeUnit.MILLISECONDS.sleep(100);
              s.cancel();
            } catch (SQLException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
          try {
            s.execute("SELECT pg_sleep(5)");
          } finally {
            cancel.join();
          }
        }
      }
    },
    DIVISION_BY_ZERO("22012") {
      @Override
      void cause(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1 / 0");
        }
      }
    };

    final String sqlState;

    AppError(String sqlState) {
      this.sqlState = sqlState;
    }

    abstract void cause(Connection c) throws SQLException;
  }

  @BeforeAll
  static void createTenant() throws SQLException {
    DB.tenants("apperr", 1);
    try (Connection c = DB.connect("apperr_" + TENANT); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS unique_ids (id int PRIMARY KEY)");
      s.execute("INSERT INTO unique_ids VALUES (1) ON CONFLICT DO NOTHING");
    }
  }

  @BeforeEach
  void openDataSource() {
    dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("apperr_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.breaker.minimumCalls", Integer.toString(ShortOutages.MINIMUM_CALLS))
        .property("tenantpool.breaker.slidingWindowSize", Integer.toString(ShortOutages.MINIMUM_CALLS))
        .listener(new TenantPoolListener() {
          @Override
          public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
            transitions.add(tenant + ":" + from + "->" + to);
          }
        })
        .build();
  }

  @AfterEach
  void closeDataSource() {
    dataSource.close();
  }

  @ParameterizedTest
  @EnumSource(AppError.class)
  void neverOpensTheCircuit(AppError error) throws Exception {
    for (int i = 0; i < REPEATS; i++) {
      try (Connection c = dataSource.getConnection(TENANT)) {
        assertThatThrownBy(() -> error.cause(c))
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState())
            .as("the application still sees PostgreSQL's own SQLState")
            .isEqualTo(error.sqlState);
      }
    }
    assertThat(dataSource.circuitState(TENANT)).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).isEmpty();
    assertThat(ShortOutages.use(dataSource, TENANT)).isEqualTo(TENANT);
  }

  /**
   * What CMU's BenchBase met running TPC-C on held connections: tens of thousands of successful
   * statements, then a burst of 53200 (SERIALIZABLE's predicate-lock memory, a healthy server)
   * within milliseconds. The database answered every one of them: the circuit stays closed.
   */
  @Test
  void aBurstOfServerResourceErrorsOnAHeldConnectionNeverOpensTheCircuit() throws Exception {
    try (Connection held = dataSource.getConnection(TENANT); Statement s = held.createStatement()) {
      for (int i = 0; i < 500; i++) {
        s.execute("SELECT 1");
      }
      for (int i = 0; i < REPEATS; i++) {
        try {
          s.execute("DO $$ BEGIN RAISE EXCEPTION 'out of shared memory' USING ERRCODE = 'out_of_memory'; END $$");
        } catch (SQLException e) {
          assertThat(e.getSQLState()).isEqualTo("53200");
        }
      }
    }
    assertThat(dataSource.circuitState(TENANT)).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).isEmpty();
    assertThat(dataSource.health()).filteredOn(h -> h.tenant().equals(TENANT)).singleElement()
        .satisfies(h -> assertThat(h.lastError()).as("health still reports it").contains("53200"));
  }

  /**
   * A backend terminated under its statement (57P01, as in a failover or an operator's kill)
   * says the connection died, not whether the database is there: the next connection decides.
   */
  @Test
  void aConnectionKilledUnderItsStatementLeavesTheVerdictToTheNextConnection() throws Exception {
    List<String> states = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      try (Connection c = dataSource.getConnection(TENANT); Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pg_backend_pid())");
      } catch (SQLException e) {
        states.add(e.getSQLState());
      }
    }
    assertThat(states).hasSize(REPEATS).allMatch(state -> state.equals("57P01") || state.startsWith("08"));
    assertThat(dataSource.circuitState(TENANT)).as("every new connection worked").isEqualTo(CircuitState.CLOSED);
    assertThat(transitions).isEmpty();
  }
}
