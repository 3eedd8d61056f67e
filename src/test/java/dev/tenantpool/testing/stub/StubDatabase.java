package dev.tenantpool.testing.stub;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One database of the stub server, shared by every connection to the same name: the faults a
 * benchmark injects into it and how many physical connections it has seen.
 *
 * <p>Faults are read once per connect or execute from a volatile field, so a healthy database costs
 * every variant the same single read.
 */
public final class StubDatabase {
  private final String name;
  private final AtomicLong opened = new AtomicLong();
  private volatile String connectFailure;
  private volatile String executeFailure;

  StubDatabase(String name) {
    this.name = name;
  }

  /** The database name, the part of {@code jdbc:stub:NAME?...} before the query. */
  public String name() {
    return name;
  }

  /** Physical connections opened so far. */
  public long openedConnections() {
    return opened.get();
  }

  /** From now on, opening a connection fails with {@code sqlState} (e.g. 08001). */
  public void failConnect(String sqlState) {
    this.connectFailure = requireSqlState(sqlState);
  }

  /** From now on, every statement execution fails with {@code sqlState} (e.g. 53300). */
  public void failExecute(String sqlState) {
    this.executeFailure = requireSqlState(sqlState);
  }

  /** Ends every injected fault. */
  public void heal() {
    this.connectFailure = null;
    this.executeFailure = null;
  }

  void connected() throws SQLException {
    String failure = connectFailure;
    if (failure != null) {
      throw new SQLNonTransientConnectionException(
          "stub database " + name + " refuses connections (injected fault)", failure);
    }
    opened.incrementAndGet();
  }

  void executing() throws SQLException {
    String failure = executeFailure;
    if (failure != null) {
      throw new SQLTransientException("stub database " + name + " fails statements (injected fault)", failure);
    }
  }

  private static String requireSqlState(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      throw new IllegalArgumentException("sqlState must be 5 characters such as \"08001\", but was " + sqlState);
    }
    return sqlState;
  }

  @Override
  public String toString() {
    return "StubDatabase[" + name + "]";
  }
}
