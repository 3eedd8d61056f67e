package dev.tenantpool.proxy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Delegation shared by the three statement wrappers (HikariCP's {@code ProxyStatement} layout):
 * the application-visible classes are final, this base is internal. {@code execute*} methods
 * pass the tenant guard and report failures to the owning connection; result sets are wrapped
 * so that {@code getStatement()} returns the statement the application holds.
 *
 * @param <S> the JDBC statement type being wrapped
 */
abstract class TenantStatementBase<S extends Statement> implements Statement {
  final TenantConnection connection;
  final S delegate;
  private boolean closed;

  TenantStatementBase(TenantConnection connection, S delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  final S open() throws SQLException {
    // A statement dies with its connection (HikariCP closes it); say so with 08003, not the
    // target driver's "statement closed" state.
    if (closed || connection.isReleased()) {
      throw connection.closedException("statement");
    }
    return delegate;
  }

  final S guarded() throws SQLException {
    if (closed || connection.isReleased()) {
      throw connection.closedException("statement");
    }
    connection.checkTenant();
    return delegate;
  }

  final ResultSet wrap(ResultSet resultSet) {
    return resultSet == null ? null : new TenantResultSet(this, resultSet);
  }

  @Override
  public final Connection getConnection() throws SQLException {
    open();
    return connection;
  }

  @Override
  public final void close() throws SQLException {
    if (!closed) {
      closed = true;
      delegate.close();
    }
  }

  @Override
  public final boolean isClosed() throws SQLException {
    return closed || delegate.isClosed();
  }

  @Override
  public final <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    S open = open();
    if (iface.isInstance(open)) {
      return iface.cast(open);
    }
    return open.unwrap(iface);
  }

  @Override
  public final boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || iface.isInstance(open()) || delegate.isWrapperFor(iface);
  }

  @Override
  public final ResultSet executeQuery(String sql) throws SQLException {
    try {
      return wrap(guarded().executeQuery(sql));
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final int executeUpdate(String sql) throws SQLException {
    try {
      return guarded().executeUpdate(sql);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final int getMaxFieldSize() throws SQLException {
    return open().getMaxFieldSize();
  }

  @Override
  public final void setMaxFieldSize(int max) throws SQLException {
    open().setMaxFieldSize(max);
  }

  @Override
  public final int getMaxRows() throws SQLException {
    return open().getMaxRows();
  }

  @Override
  public final void setMaxRows(int max) throws SQLException {
    open().setMaxRows(max);
  }

  @Override
  public final void setEscapeProcessing(boolean enable) throws SQLException {
    open().setEscapeProcessing(enable);
  }

  @Override
  public final int getQueryTimeout() throws SQLException {
    return open().getQueryTimeout();
  }

  @Override
  public final void setQueryTimeout(int seconds) throws SQLException {
    open().setQueryTimeout(seconds);
  }

  @Override
  public final void cancel() throws SQLException {
    open().cancel();
  }

  @Override
  public final SQLWarning getWarnings() throws SQLException {
    return open().getWarnings();
  }

  @Override
  public final void clearWarnings() throws SQLException {
    open().clearWarnings();
  }

  @Override
  public final void setCursorName(String name) throws SQLException {
    open().setCursorName(name);
  }

  @Override
  public final boolean execute(String sql) throws SQLException {
    try {
      return guarded().execute(sql);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final ResultSet getResultSet() throws SQLException {
    return wrap(open().getResultSet());
  }

  @Override
  public final int getUpdateCount() throws SQLException {
    return open().getUpdateCount();
  }

  @Override
  public final boolean getMoreResults() throws SQLException {
    return open().getMoreResults();
  }

  @Override
  public final void setFetchDirection(int direction) throws SQLException {
    open().setFetchDirection(direction);
  }

  @Override
  public final int getFetchDirection() throws SQLException {
    return open().getFetchDirection();
  }

  @Override
  public final void setFetchSize(int rows) throws SQLException {
    open().setFetchSize(rows);
  }

  @Override
  public final int getFetchSize() throws SQLException {
    return open().getFetchSize();
  }

  @Override
  public final int getResultSetConcurrency() throws SQLException {
    return open().getResultSetConcurrency();
  }

  @Override
  public final int getResultSetType() throws SQLException {
    return open().getResultSetType();
  }

  @Override
  public final void addBatch(String sql) throws SQLException {
    open().addBatch(sql);
  }

  @Override
  public final void clearBatch() throws SQLException {
    open().clearBatch();
  }

  @Override
  public final int[] executeBatch() throws SQLException {
    try {
      return guarded().executeBatch();
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final boolean getMoreResults(int current) throws SQLException {
    return open().getMoreResults(current);
  }

  @Override
  public final ResultSet getGeneratedKeys() throws SQLException {
    return wrap(open().getGeneratedKeys());
  }

  @Override
  public final int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      return guarded().executeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    try {
      return guarded().executeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final int executeUpdate(String sql, String[] columnNames) throws SQLException {
    try {
      return guarded().executeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      return guarded().execute(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final boolean execute(String sql, int[] columnIndexes) throws SQLException {
    try {
      return guarded().execute(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final boolean execute(String sql, String[] columnNames) throws SQLException {
    try {
      return guarded().execute(sql, columnNames);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final int getResultSetHoldability() throws SQLException {
    return open().getResultSetHoldability();
  }

  @Override
  public final void setPoolable(boolean poolable) throws SQLException {
    open().setPoolable(poolable);
  }

  @Override
  public final boolean isPoolable() throws SQLException {
    return open().isPoolable();
  }

  @Override
  public final void closeOnCompletion() throws SQLException {
    open().closeOnCompletion();
  }

  @Override
  public final boolean isCloseOnCompletion() throws SQLException {
    return open().isCloseOnCompletion();
  }

  @Override
  public final long getLargeUpdateCount() throws SQLException {
    return open().getLargeUpdateCount();
  }

  @Override
  public final void setLargeMaxRows(long max) throws SQLException {
    open().setLargeMaxRows(max);
  }

  @Override
  public final long getLargeMaxRows() throws SQLException {
    return open().getLargeMaxRows();
  }

  @Override
  public final long[] executeLargeBatch() throws SQLException {
    try {
      return guarded().executeLargeBatch();
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final long executeLargeUpdate(String sql) throws SQLException {
    try {
      return guarded().executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      return guarded().executeLargeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    try {
      return guarded().executeLargeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    try {
      return guarded().executeLargeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw connection.failed(e);
    }
  }

  @Override
  public final String enquoteLiteral(String val) throws SQLException {
    return open().enquoteLiteral(val);
  }

  @Override
  public final String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    return open().enquoteIdentifier(identifier, alwaysQuote);
  }

  @Override
  public final boolean isSimpleIdentifier(String identifier) throws SQLException {
    return open().isSimpleIdentifier(identifier);
  }

  @Override
  public final String enquoteNCharLiteral(String val) throws SQLException {
    return open().enquoteNCharLiteral(val);
  }

}
