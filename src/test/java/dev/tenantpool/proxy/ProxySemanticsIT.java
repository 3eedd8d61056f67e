package dev.tenantpool.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/** JDBC semantics through the TenantPool wrappers, against the real PostgreSQL. */
class ProxySemanticsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String TENANT = "t0";
  private static TenantPoolDataSource dataSource;

  private TenantContext.Scope scope;

  @BeforeAll
  static void createTenantAndDataSource() throws SQLException {
    DB.tenants("jdbcsem", 1);
    try (Connection c = DB.connect("jdbcsem_" + TENANT); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items");
      s.execute("CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL UNIQUE, created date DEFAULT current_date)");
      s.execute("CREATE OR REPLACE FUNCTION add_and_double(a int, b int, OUT total int, OUT doubled int) AS $$"
          + " BEGIN total := a + b; doubled := 2 * (a + b); END $$ LANGUAGE plpgsql");
    }
    dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("jdbcsem_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .name("jdbcsem")
        .build();
  }

  @AfterAll
  static void closeDataSource() {
    dataSource.close();
  }

  @BeforeEach
  void openScopeAndEmptyTable() throws SQLException {
    scope = TenantContext.use(TENANT);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE items RESTART IDENTITY");
    }
  }

  @AfterEach
  void closeScope() {
    scope.close();
    assertThat(dataSource.stats(TENANT).active()).as("connections still leased after the test").isZero();
  }

  private static List<String> names(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM items ORDER BY id")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static void insert(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
      ps.setString(1, name);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private static void assertSqlState(ThrowingCallable call, String state) {
    assertThatThrownBy(call).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("SQLState of: %s", e.getMessage()).isEqualTo(state));
  }

  @Test
  void commitMakesWorkVisibleAndRollbackDiscardsIt() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      c.setAutoCommit(false);
      assertThat(c.getAutoCommit()).isFalse();
      insert(c, "discarded");
      c.rollback();
      insert(c, "kept");
      try (Connection other = dataSource.getConnection()) {
        assertThat(names(other)).as("uncommitted work is invisible to other connections").isEmpty();
      }
      c.commit();
      c.setAutoCommit(true);
    }
    try (Connection c = dataSource.getConnection()) {
      assertThat(names(c)).containsExactly("kept");
    }
  }

  @Test
  void savepointsRollBackPartOfATransaction() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insert(c, "first");
      Savepoint afterFirst = c.setSavepoint("after_first");
      assertThat(afterFirst.getSavepointName()).isEqualTo("after_first");
      insert(c, "second");
      c.rollback(afterFirst);
      Savepoint unnamed = c.setSavepoint();
      insert(c, "third");
      c.releaseSavepoint(unnamed);
      c.commit();
      assertThat(names(c)).containsExactly("first", "third");
      c.setAutoCommit(true);
    }
  }

  @Test
  void anUncommittedTransactionIsRolledBackWhenTheConnectionGoesBackToThePool() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insert(c, "abandoned");
    }
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(names(c)).isEmpty();
    }
  }

  @Test
  void batchesReturnOneUpdateCountPerEntry() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
        for (String name : List.of("a", "b", "c")) {
          ps.setString(1, name);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
      }
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO items (name) VALUES ('d')");
        s.addBatch("UPDATE items SET name = upper(name) WHERE name IN ('a', 'b')");
        s.addBatch("DELETE FROM items WHERE name = 'nothing'");
        assertThat(s.executeBatch()).containsExactly(1, 2, 0);
        s.addBatch("INSERT INTO items (name) VALUES ('e')");
        s.clearBatch();
        assertThat(s.executeBatch()).isEmpty();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE items SET name = name || ? WHERE name = ?")) {
        ps.setString(1, "!");
        ps.setString(2, "c");
        ps.addBatch();
        ps.setString(1, "!");
        ps.setString(2, "d");
        ps.addBatch();
        assertThat(ps.executeLargeBatch()).containsExactly(1L, 1L);
      }
      assertThat(names(c)).containsExactly("A", "B", "c!", "d!");
    }
  }

  @Test
  void callableStatementsReturnOutParameters() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (CallableStatement call = c.prepareCall("{call add_and_double(?, ?, ?, ?)}")) {
        call.setInt(1, 20);
        call.setInt(2, 1);
        call.registerOutParameter(3, Types.INTEGER);
        call.registerOutParameter(4, Types.INTEGER);
        call.execute();
        assertThat(call.getInt(3)).isEqualTo(21);
        assertThat(call.getInt(4)).isEqualTo(42);
        assertThat(call.wasNull()).isFalse();
        assertThat(call.getConnection()).isSameAs(c);
      }
      try (CallableStatement call = c.prepareCall("{? = call upper(?)}")) {
        call.registerOutParameter(1, Types.VARCHAR);
        call.setString(2, "acme");
        call.execute();
        assertThat(call.getString(1)).isEqualTo("ACME");
      }
    }
  }

  @Test
  void generatedKeysComeBackByFlagAndByColumnName() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "one");
        assertThat(ps.executeUpdate()).isEqualTo(1);
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getInt("id")).isEqualTo(1);
          assertThat(keys.getStatement()).isSameAs(ps);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)", new String[] {"id", "name"})) {
        ps.setString(1, "two");
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getMetaData().getColumnCount()).isEqualTo(2);
          assertThat(keys.getInt("id")).isEqualTo(2);
          assertThat(keys.getString("name")).isEqualTo("two");
        }
      }
      try (Statement s = c.createStatement()) {
        assertThat(s.executeUpdate("INSERT INTO items (name) VALUES ('three')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getInt("id")).isEqualTo(3);
          assertThat(keys.getStatement()).isSameAs(s);
        }
        assertThat(s.execute("INSERT INTO items (name) VALUES ('four')", new String[] {"id"})).isFalse();
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getInt(1)).isEqualTo(4);
        }
      }
    }
  }

  @Test
  void everyObjectLeadsBackToTheWrappersTheApplicationHolds() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c).isInstanceOf(TenantConnection.class);
      try (Statement s = c.createStatement()) {
        assertThat(s).isInstanceOf(TenantStatement.class);
        assertThat(s.getConnection()).isSameAs(c);
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          assertThat(rs).isInstanceOf(TenantResultSet.class);
          assertThat(rs.getStatement()).isSameAs(s);
        }
        assertThat(s.execute("SELECT 2")).isTrue();
        try (ResultSet rs = s.getResultSet()) {
          assertThat(rs.getStatement()).isSameAs(s);
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(2);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
        assertThat(ps).isInstanceOf(TenantPreparedStatement.class);
        assertThat(ps.getConnection()).isSameAs(c);
        ps.setInt(1, 7);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.getStatement()).isSameAs(ps);
        }
      }
      try (CallableStatement call = c.prepareCall("{call add_and_double(?, ?, ?, ?)}")) {
        assertThat(call).isInstanceOf(TenantCallableStatement.class);
        assertThat(call.getConnection()).isSameAs(c);
      }
      DatabaseMetaData meta = c.getMetaData();
      assertThat(meta).isInstanceOf(TenantDatabaseMetaData.class);
      assertThat(meta.getConnection()).isSameAs(c);
      assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
      assertThat(meta.getURL()).contains("jdbcsem_t0").doesNotContain("tenantpool");
      // A metadata query's result set leads back to the application's connection, never the pool's.
      try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        assertThat(tables).isInstanceOf(TenantResultSet.class);
        Statement behind = tables.getStatement();
        if (behind != null) {
          assertThat(behind).isInstanceOf(TenantStatement.class);
          assertThat(behind.getConnection()).isSameAs(c);
        }
      }
    }
  }

  @Test
  void metadataQueriesAfterCloseFailWith08003() throws SQLException {
    Connection c = dataSource.getConnection();
    DatabaseMetaData meta = c.getMetaData();
    c.close();
    assertSqlState(() -> meta.getTables(null, null, "%", null), "08003");
    assertSqlState(() -> meta.getColumns(null, null, "%", "%"), "08003");
  }

  @Test
  void unwrapReachesTheTargetDriversClasses() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
      PGConnection pg = c.unwrap(PGConnection.class);
      assertThat(pg.getBackendPID()).isPositive();
      assertThat(c.unwrap(TenantConnection.class)).isSameAs(c);
      assertThat(c.unwrap(Connection.class)).isSameAs(c);
      assertThat(c.isWrapperFor(String.class)).isFalse();
      assertSqlState(() -> c.unwrap(String.class), null);

      try (Statement s = c.createStatement()) {
        assertThat(s.isWrapperFor(PGStatement.class)).isTrue();
        assertThat(s.unwrap(PGStatement.class)).isNotNull();
        assertThat(s.unwrap(Statement.class)).isSameAs(s);
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
          assertThat(rs.isWrapperFor(org.postgresql.PGResultSetMetaData.class)).isFalse();
          assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
        assertThat(ps.unwrap(PGStatement.class)).isNotNull();
      }
      assertThat(c.getMetaData().isWrapperFor(org.postgresql.jdbc.PgDatabaseMetaData.class)).isTrue();
    }
  }

  @Test
  void closeIsIdempotentAndReturnsTheConnectionToItsPool() throws SQLException {
    Connection c = dataSource.getConnection();
    assertThat(dataSource.stats(TENANT).active()).isEqualTo(1);
    assertThat(c.isClosed()).isFalse();
    assertThat(c.isValid(1)).isTrue();
    c.close();
    assertThat(dataSource.stats(TENANT).active()).isZero();
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(1)).isFalse();
    c.close();
    assertThat(dataSource.stats(TENANT).active()).isZero();
    assertThat(dataSource.stats(TENANT).idle()).isPositive();

    Connection aborted = dataSource.getConnection();
    aborted.abort(Runnable::run);
    aborted.close();
    assertThat(aborted.isClosed()).isTrue();
    assertThat(dataSource.stats(TENANT).active()).isZero();
  }

  @Test
  void aConnectionUsedAfterCloseFailsWith08003() throws SQLException {
    Connection c = dataSource.getConnection();
    c.close();
    assertSqlState(c::createStatement, "08003");
    assertSqlState(() -> c.prepareStatement("SELECT 1"), "08003");
    assertSqlState(() -> c.prepareCall("{call add_and_double(1, 2, ?, ?)}"), "08003");
    assertSqlState(c::commit, "08003");
    assertSqlState(c::rollback, "08003");
    assertSqlState(() -> c.setAutoCommit(false), "08003");
    assertSqlState(c::getMetaData, "08003");
    assertSqlState(c::setSavepoint, "08003");
    assertSqlState(() -> c.unwrap(PGConnection.class).getBackendPID(), "08003");
    assertSqlState(() -> c.setClientInfo("ApplicationName", "x"), "08003");
  }

  @Test
  void aStatementUsedAfterCloseFailsWith08003() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Statement s = c.createStatement();
      s.close();
      s.close();
      assertThat(s.isClosed()).isTrue();
      assertSqlState(() -> s.executeQuery("SELECT 1"), "08003");
      assertSqlState(() -> s.execute("SELECT 1"), "08003");
      assertSqlState(s::getConnection, "08003");
      assertSqlState(() -> s.setFetchSize(10), "08003");

      PreparedStatement ps = c.prepareStatement("SELECT ?::int");
      ps.close();
      assertSqlState(() -> ps.setInt(1, 1), "08003");
      assertSqlState(ps::executeQuery, "08003");
    }
  }

  @Test
  void aStatementWhoseConnectionWasClosedFailsWith08003() throws SQLException {
    Connection c = dataSource.getConnection();
    Statement s = c.createStatement();
    PreparedStatement ps = c.prepareStatement("SELECT ?::int");
    c.close();
    assertThat(s.isClosed()).isTrue();
    assertSqlState(() -> s.executeQuery("SELECT 1"), "08003");
    assertSqlState(() -> ps.setInt(1, 1), "08003");
    assertSqlState(ps::executeQuery, "08003");
  }

  @Test
  void errorsOfTheTargetKeepTheirSqlState() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      insert(c, "dup");
      assertSqlState(() -> insert(c, "dup"), "23505");
      try (Statement s = c.createStatement()) {
        assertSqlState(() -> s.executeQuery("SELEC 1"), "42601");
        assertThat(s.executeQuery("SELECT 1").next()).as("the statement is usable after an error").isTrue();
      }
    }
  }
}
