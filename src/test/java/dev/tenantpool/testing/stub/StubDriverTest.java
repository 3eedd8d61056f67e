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
  private final StubDriver driver = StubDriver.register();

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
    try (Connection connection = DriverManager.getConnection("jdbc:stub:slow?connectDelayMillis=20&executeDelayMicros=5000");
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1").close();
    }
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(25_000_000L);
  }

  @Test
  void rejectsUnknownUrlKeysAndLeftOutFeatures() throws SQLException {
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:stub:app?conectDelayMillis=5"))
        .hasMessageContaining("unknown key conectDelayMillis");
    try (Connection connection = DriverManager.getConnection("jdbc:stub:app")) {
      assertThatThrownBy(connection::setSavepoint).isInstanceOf(SQLFeatureNotSupportedException.class)
          .hasMessageContaining("setSavepoint");
    }
  }
}
