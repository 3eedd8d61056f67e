package dev.tenantpool.testing;

import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection of {@link StubDriver}: it keeps the state HikariCP sets and reads (auto-commit,
 * isolation, read-only, catalog, schema, network timeout) and is always valid until closed.
 * {@link #createStatement()} gives a statement that runs nothing: its {@code execute*} methods
 * succeed with no result, or throw SQLState 42000 for SQL that contains {@code fail}, so a test
 * gets statement spans and meters without a server. Everything else SQL needs (prepared
 * statements, results, metadata) is not supported: tests that need SQL use the real PostgreSQL.
 */
public final class StubConnection implements Connection {
  private final String url;
  private volatile boolean closed;
  // How long close() takes; set by the driver that opened it (StubDriver.closeDelay).
  volatile long closeDelayMs;
  private boolean autoCommit = true;
  private boolean readOnly;
  private int isolation = TRANSACTION_READ_COMMITTED;
  private String catalog;
  private String schema;
  private int networkTimeout;
  private int holdability = java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT;
  private Map<String, Class<?>> typeMap = new HashMap<>();
  private final Properties clientInfo = new Properties();

  StubConnection(String url) {
    this.url = url;
  }

  /** The URL this connection was opened with. */
  public String url() {
    return url;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("stub connection is closed", "08003");
    }
  }

  private static SQLFeatureNotSupportedException unsupported() {
    return new SQLFeatureNotSupportedException("not supported by the stub driver");
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.startsWith("execute") && args != null && args.length > 0 && args[0] instanceof String
              && ((String) args[0]).contains("fail")) {
            throw new SQLException("stub statement failed", "42000");
          }
          switch (name) {
            case "getConnection":
              return this;
            case "toString":
              return "StubStatement";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            case "executeBatch":
              return new int[0];
            case "executeLargeBatch":
              return new long[0];
            default:
              return zero(method.getReturnType());
          }
        });
  }

  /** What a method of the stub statement returns: false, 0 or null. */
  private static Object zero(Class<?> type) {
    if (type == boolean.class) {
      return Boolean.FALSE;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    throw unsupported();
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw unsupported();
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    this.autoCommit = autoCommit;
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
  }

  @Override
  public void close() {
    long delay = closeDelayMs;
    if (delay > 0 && !closed) {
      try {
        Thread.sleep(delay); // a server slow to acknowledge the close
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    throw unsupported();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    this.readOnly = readOnly;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
    this.catalog = catalog;
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return catalog;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    this.isolation = level;
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return isolation;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    throw unsupported();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw unsupported();
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    throw unsupported();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return typeMap;
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    this.typeMap = map;
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
    this.holdability = holdability;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw unsupported();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw unsupported();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw unsupported();
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw unsupported();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    throw unsupported();
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    throw unsupported();
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    throw unsupported();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    throw unsupported();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    throw unsupported();
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    throw unsupported();
  }

  @Override
  public Clob createClob() throws SQLException {
    throw unsupported();
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw unsupported();
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw unsupported();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw unsupported();
  }

  @Override
  public boolean isValid(int timeout) {
    return !closed;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    clientInfo.setProperty(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    clientInfo.clear();
    clientInfo.putAll(properties);
  }

  @Override
  public String getClientInfo(String name) {
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() {
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw unsupported();
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw unsupported();
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
    this.schema = schema;
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return schema;
  }

  @Override
  public void abort(Executor executor) {
    closed = true;
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    this.networkTimeout = milliseconds;
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeout;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("StubConnection is not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    // Not the URL: it may hold a password, and HikariCP logs connections by their toString().
    return "StubConnection@" + Integer.toHexString(System.identityHashCode(this)) + (closed ? "[closed]" : "");
  }
}
