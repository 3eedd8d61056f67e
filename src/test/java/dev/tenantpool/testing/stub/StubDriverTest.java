package dev.tenantpool.testing.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StubDriverTest {
  private final StubDriver driver = StubDriver.install();

  @Test
  void acceptsOnlyStubUrls() throws SQLException {
    assertThat(driver.acceptsURL("jdbc:stub:app")).isTrue();
    assertThat(driver.acceptsURL("jdbc:postgresql://db/app")).isFalse();
    assertThat(driver.connect("jdbc:postgresql://db/app", new Properties())).isNull();
    assertThat(DriverManager.getDriver("jdbc:stub:app")).isSameAs(driver);
  }

  @Test
  void preparedStatementsAnswerWithOneRow() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:stub:rows");
        PreparedStatement statement = connection.prepareStatement("SELECT id, name, amount FROM t WHERE a = ?")) {
      statement.setInt(1, 1);
      statement.setString(2, "acme");
      statement.setLong(3, 7L);
      assertThat(((StubPreparedStatement) statement).parameter(2)).isEqualTo("acme");
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getInt(1)).isEqualTo(1);
        assertThat(row.getString("name")).isEqualTo("rows");
        assertThat(row.getLong(3)).isEqualTo(42);
        assertThat(row.getStatement()).isSameAs(statement);
        assertThat(row.next()).isFalse();
      }
    }
  }

  @Test
  void plainStatementsTellQueriesFromUpdates() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:stub:kinds");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute("  select 1")).isTrue();
      assertThat(statement.getResultSet()).isNotNull();
      assertThat(statement.execute("UPDATE t SET a = 1")).isFalse();
      assertThat(statement.getUpdateCount()).isEqualTo(1);
    }
  }

  @Test
  void metadataNamesTheUrlAndTheUser() throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", "app");
    try (Connection connection = driver.connect("jdbc:stub:meta", login)) {
      DatabaseMetaData metadata = connection.getMetaData();
      assertThat(metadata).isNotNull();
      assertThat(metadata.getURL()).isEqualTo("jdbc:stub:meta");
      assertThat(metadata.getUserName()).isEqualTo("app");
      assertThat(metadata.getDatabaseProductName()).isEqualTo("Stub");
      assertThat(metadata.getConnection()).isSameAs(connection);
    }
  }

  @Test
  void injectedFaultsCarryTheirSqlState() throws SQLException {
    StubDatabase database = StubDriver.database("faulty");
    try (Connection connection = DriverManager.getConnection("jdbc:stub:faulty");
        Statement statement = connection.createStatement()) {
      database.failExecute("53300");
      assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("53300");
      database.failConnect("08001");
      assertThatThrownBy(() -> DriverManager.getConnection("jdbc:stub:faulty"))
          .isInstanceOf(SQLException.class).extracting("SQLState").isEqualTo("08001");
    } finally {
      database.heal();
    }
    try (Connection healed = DriverManager.getConnection("jdbc:stub:faulty")) {
      assertThat(healed.isValid(1)).isTrue();
    }
  }

  @Test
  void delaysHoldTheCallerAtLeastTheirTime() throws SQLException {
    long start = System.nanoTime();
    try (Connection connection = DriverManager.getConnection("jdbc:stub:slow?stub.connectDelayMillis=20&stub.executeDelayMicros=5000");
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1").close();
    }
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(25_000_000L);
  }

  @Test
  void rejectsUnknownUrlKeysAndLeftOutFeatures() throws SQLException {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:stub:app?stub.conectDelayMillis=5"))
        .hasMessageContaining("unknown key stub.conectDelayMillis");
    try (Connection connection = DriverManager.getConnection("jdbc:stub:app")) {
      assertThatThrownBy(connection::setSavepoint).isInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("setSavepoint");
    }
  }

  @Test
  void theTargetsOwnKeysAreAcceptedAndRecordedAsTheyCame() throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", "app");
    try (Connection connection = driver.connect("jdbc:stub:acme?schema=acme&ssl=true", login)) {
      assertThat(connection.unwrap(StubConnection.class).url()).isEqualTo("jdbc:stub:acme?schema=acme&ssl=true");
      assertThat(connection.unwrap(StubConnection.class).database().name()).isEqualTo("acme");
    }
    assertThat(driver.connects()).isEqualTo(1);
    assertThat(driver.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.url()).isEqualTo("jdbc:stub:acme?schema=acme&ssl=true");
      assertThat(attempt.properties()).containsEntry("user", "app").isNotSameAs(login);
    });
    StubDriver.install();
    assertThat(driver.connects()).isZero();
    assertThat(driver.attempts()).isEmpty();
  }

  @Test
  void forBenchmarksCountsConnectsButRecordsNone() throws SQLException {
    StubDriver quiet = StubDriver.forBenchmarks();
    try {
      assertThat(quiet).isSameAs(driver);
      driver.connect("jdbc:stub:bench", null).close();
      assertThat(driver.connects()).isEqualTo(1);
      assertThat(driver.attempts()).isEmpty();
    } finally {
      driver.reset();
    }
    driver.connect("jdbc:stub:bench", null).close();
    assertThat(driver.attempts()).as("reset records again").hasSize(1);
  }

  @Test
  void eachModeRefusesDeclinesOrDisownsTheUrl() throws SQLException {
    try {
      driver.mode(StubDriver.Mode.REFUSE);
      assertThatThrownBy(() -> driver.connect("jdbc:stub:app", null)).isInstanceOf(SQLException.class)
          .extracting("SQLState").isEqualTo("08001");
      driver.mode(StubDriver.Mode.DECLINE);
      assertThat(driver.acceptsURL("jdbc:stub:app")).isTrue();
      assertThat(driver.connect("jdbc:stub:app", null)).isNull();
      driver.mode(StubDriver.Mode.UNKNOWN_URL);
      assertThat(driver.acceptsURL("jdbc:stub:app")).isFalse();
      assertThat(driver.connect("jdbc:stub:app", null)).isNull();
      assertThat(driver.connects()).as("attempts that reached the stub").isEqualTo(2);
    } finally {
      driver.reset();
    }
    assertThatThrownBy(() -> driver.connect("jdbc:stub:refuse_me", null)).isInstanceOf(SQLException.class)
        .extracting("SQLState").isEqualTo("08004");
  }

  @Test
  void sqlThatAsksToFailThrows42000AndNamesNoSql() throws SQLException {
    try (Connection connection = driver.connect("jdbc:stub:app", null);
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT fail_secret")) {
      assertThatThrownBy(() -> statement.execute("SELECT fail_secret")).isInstanceOf(SQLException.class)
          .hasMessageNotContaining("secret").extracting("SQLState").isEqualTo("42000");
      assertThatThrownBy(prepared::executeQuery).extracting("SQLState").isEqualTo("42000");
      assertThat(statement.execute("SELECT 1")).isTrue();
    }
  }

  @Test
  void aClosedConnectionRefusesWorkAndShowsNoUrl() throws SQLException {
    Connection connection = driver.connect("jdbc:stub:user:hunter2@acme", null);
    assertThat(connection.toString()).doesNotContain("hunter2");
    assertThat(connection.createStatement().toString()).doesNotContain("hunter2");
    assertThat(connection.prepareStatement("SELECT 1").toString()).doesNotContain("hunter2");
    connection.close();
    assertThat(connection.isValid(1)).isFalse();
    assertThatThrownBy(() -> connection.setAutoCommit(false)).extracting("SQLState").isEqualTo("08003");
    assertThatThrownBy(connection::createStatement).extracting("SQLState").isEqualTo("08003");
  }

  @Test
  void driverWideDelaysHoldConnectAndClose() throws SQLException {
    try {
      driver.connectDelay(20);
      driver.closeDelay(20);
      long start = System.nanoTime();
      driver.connect("jdbc:stub:slow_server", null).close();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
    } finally {
      driver.reset();
    }
    long start = System.nanoTime();
    driver.connect("jdbc:stub:slow_server", null).close();
    assertThat(System.nanoTime() - start).as("reset removes the delays").isLessThan(40_000_000L);
  }

  @Test
  void aRegisteredStubStandsInForAForeignDriverUntilDeregistered() throws SQLException {
    assertThatThrownBy(() -> DriverManager.getDriver("jdbc:foreign://db/app")).isInstanceOf(SQLException.class);
    StubDriver foreign = StubDriver.register("jdbc:foreign:");
    try {
      assertThat(foreign).isNotSameAs(driver);
      assertThat(DriverManager.getDriver("jdbc:foreign://db/app")).isSameAs(foreign);
      assertThat(foreign.acceptsURL("jdbc:stub:app")).isFalse();
      try (Connection connection = DriverManager.getConnection("jdbc:foreign://db/app?password=x")) {
        assertThat(connection.unwrap(StubConnection.class).database().name()).isEqualTo("//db/app");
      }
      assertThat(foreign.connects()).isEqualTo(1);
      assertThat(driver.connects()).isZero();
    } finally {
      foreign.deregister();
    }
    assertThatThrownBy(() -> DriverManager.getDriver("jdbc:foreign://db/app")).isInstanceOf(SQLException.class);
  }
}
