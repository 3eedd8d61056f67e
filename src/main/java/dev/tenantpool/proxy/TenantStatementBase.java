package dev.tenantpool.proxy;

import dev.tenantpool.observe.Operation;
import dev.tenantpool.observe.StatementTrace;
import dev.tenantpool.observe.TenantTelemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * Delegation shared by the three statement wrappers (HikariCP's {@code ProxyStatement} layout):
 * the application-visible classes are final, this base is internal. {@code execute*} methods
 * pass the tenant guard, are timed and traced, and report failures to the owning connection;
 * result sets are wrapped so that {@code getStatement()} returns the statement the application
 * holds.
 *
 * <p>The {@code execute*} bodies repeat the same guard, time, trace and report steps on purpose:
 * a shared helper taking the call as a lambda would capture the arguments and allocate on every
 * execution, on the hottest path a JDBC wrapper has.
 *
 * @param <S> the JDBC statement type being wrapped
 */
abstract class TenantStatementBase<S extends Statement> implements Statement {
  final TenantConnection connection;
  final S delegate;
  // CLOSED once closed, else the pending batch (created by the first addBatch) or null. One field
  // for both keeps the wrapper at 24 bytes, the size of the connection and delegate it adds.
  private Object state;
  private static final Object CLOSED = new Object();

  TenantStatementBase(TenantConnection connection, S delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  final S delegateIfOpen() throws SQLException {
    // A statement dies with its connection (HikariCP closes it); say so with 08003, not the
    // target driver's "statement closed" state.
    if (state == CLOSED || connection.isReleased()) {
      throw connection.closedException("statement");
    }
    return delegate;
  }

  final S guarded() throws SQLException {
    if (state == CLOSED || connection.isReleased()) {
      throw connection.closedException("statement");
    }
    connection.checkTenant();
    return delegate;
  }

  /**
   * An execution failed with {@code failure}: records it and returns what to throw. Out of line,
   * with {@link #broke}, so that the {@code execute*} methods stay small enough to be inlined
   * into the caller (which lets the JIT keep this wrapper off the heap).
   */
  final SQLException failed(
      TenantTelemetry telemetry, Operation operation, long start, StatementTrace trace, SQLException failure) {
    telemetry.statementFailed(operation, start, trace, failure);
    return connection.failed(failure);
  }

  /** An execution threw something other than an SQLException: records it, and the span's scope ends too. */
  static void broke(TenantTelemetry telemetry, Operation operation, long start, StatementTrace trace, Throwable e) {
    // A scope left open would parent every later span of the thread.
    telemetry.statementFailed(operation, start, trace, e);
  }

  final ResultSet wrap(ResultSet resultSet) {
    return resultSet == null ? null : new TenantResultSet(this, resultSet);
  }

  /** Adds one statement to the pending batch. */
  final void batched(Operation operation, String sql) {
    PendingBatch batch = state instanceof PendingBatch ? (PendingBatch) state : null;
    if (batch == null) {
      batch = new PendingBatch();
      state = batch;
    }
    batch.add(operation, sql);
  }

  /** The pending batch, now forgotten (executeBatch and clearBatch end it). */
  private PendingBatch takeBatch() {
    if (state instanceof PendingBatch) {
      PendingBatch taken = (PendingBatch) state;
      state = null;
      return taken;
    }
    return PendingBatch.EMPTY;
  }

  /**
   * What the metrics and the span of executeBatch report: the operation the batch's statements
   * share (OTHER once they differ), the SQL they share (null once it differs), how many.
   */
  private static final class PendingBatch {
    static final PendingBatch EMPTY = new PendingBatch();
    int size;
    Operation operation = Operation.OTHER;
    String sql;

    void add(Operation next, String nextSql) {
      if (size++ == 0) {
        operation = next;
        sql = nextSql;
        return;
      }
      if (operation != next) {
        operation = Operation.OTHER;
      }
      if (sql != null && !sql.equals(nextSql)) {
        sql = null;
      }
    }
  }

  @Override
  public final void addBatch(String sql) throws SQLException {
    delegateIfOpen().addBatch(sql);
    batched(Operation.of(sql), sql);
  }

  @Override
  public final void clearBatch() throws SQLException {
    delegateIfOpen().clearBatch();
    state = null;
  }

  @Override
  public final Connection getConnection() throws SQLException {
    delegateIfOpen();
    return connection;
  }

  @Override
  public final void close() throws SQLException {
    if (state != CLOSED) {
      state = CLOSED;
      delegate.close();
    }
  }

  @Override
  public final boolean isClosed() throws SQLException {
    return state == CLOSED || delegate.isClosed();
  }

  @Override
  public final <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : Unwrapping.unwrap(this, delegateIfOpen(), iface);
  }

  @Override
  public final boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || Unwrapping.isWrapperFor(this, delegateIfOpen(), iface);
  }

  @Override
  public final ResultSet executeQuery(String sql) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    ResultSet result;
    try {
      result = statement.executeQuery(sql);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return wrap(result);
  }

  @Override
  public final int executeUpdate(String sql) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    int result;
    try {
      result = statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final int getMaxFieldSize() throws SQLException {
    return delegateIfOpen().getMaxFieldSize();
  }

  @Override
  public final void setMaxFieldSize(int max) throws SQLException {
    delegateIfOpen().setMaxFieldSize(max);
  }

  @Override
  public final int getMaxRows() throws SQLException {
    return delegateIfOpen().getMaxRows();
  }

  @Override
  public final void setMaxRows(int max) throws SQLException {
    delegateIfOpen().setMaxRows(max);
  }

  @Override
  public final void setEscapeProcessing(boolean enable) throws SQLException {
    delegateIfOpen().setEscapeProcessing(enable);
  }

  @Override
  public final int getQueryTimeout() throws SQLException {
    return delegateIfOpen().getQueryTimeout();
  }

  @Override
  public final void setQueryTimeout(int seconds) throws SQLException {
    delegateIfOpen().setQueryTimeout(seconds);
  }

  @Override
  public final void cancel() throws SQLException {
    delegateIfOpen().cancel();
  }

  @Override
  public final SQLWarning getWarnings() throws SQLException {
    return delegateIfOpen().getWarnings();
  }

  @Override
  public final void clearWarnings() throws SQLException {
    delegateIfOpen().clearWarnings();
  }

  @Override
  public final void setCursorName(String name) throws SQLException {
    delegateIfOpen().setCursorName(name);
  }

  @Override
  public final boolean execute(String sql) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    boolean result;
    try {
      result = statement.execute(sql);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final ResultSet getResultSet() throws SQLException {
    return wrap(delegateIfOpen().getResultSet());
  }

  @Override
  public final int getUpdateCount() throws SQLException {
    return delegateIfOpen().getUpdateCount();
  }

  @Override
  public final boolean getMoreResults() throws SQLException {
    return delegateIfOpen().getMoreResults();
  }

  @Override
  public final void setFetchDirection(int direction) throws SQLException {
    delegateIfOpen().setFetchDirection(direction);
  }

  @Override
  public final int getFetchDirection() throws SQLException {
    return delegateIfOpen().getFetchDirection();
  }

  @Override
  public final void setFetchSize(int rows) throws SQLException {
    delegateIfOpen().setFetchSize(rows);
  }

  @Override
  public final int getFetchSize() throws SQLException {
    return delegateIfOpen().getFetchSize();
  }

  @Override
  public final int getResultSetConcurrency() throws SQLException {
    return delegateIfOpen().getResultSetConcurrency();
  }

  @Override
  public final int getResultSetType() throws SQLException {
    return delegateIfOpen().getResultSetType();
  }

  @Override
  public final int[] executeBatch() throws SQLException {
    S statement = guarded();
    PendingBatch pending = takeBatch();
    Operation operation = pending.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startBatch(operation, pending.sql, pending.size);
    long start = telemetry.now();
    int[] result;
    try {
      result = statement.executeBatch();
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final boolean getMoreResults(int current) throws SQLException {
    return delegateIfOpen().getMoreResults(current);
  }

  @Override
  public final ResultSet getGeneratedKeys() throws SQLException {
    return wrap(delegateIfOpen().getGeneratedKeys());
  }

  @Override
  public final int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    int result;
    try {
      result = statement.executeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    int result;
    try {
      result = statement.executeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final int executeUpdate(String sql, String[] columnNames) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    int result;
    try {
      result = statement.executeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    boolean result;
    try {
      result = statement.execute(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final boolean execute(String sql, int[] columnIndexes) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    boolean result;
    try {
      result = statement.execute(sql, columnIndexes);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final boolean execute(String sql, String[] columnNames) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    boolean result;
    try {
      result = statement.execute(sql, columnNames);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final int getResultSetHoldability() throws SQLException {
    return delegateIfOpen().getResultSetHoldability();
  }

  @Override
  public final void setPoolable(boolean poolable) throws SQLException {
    delegateIfOpen().setPoolable(poolable);
  }

  @Override
  public final boolean isPoolable() throws SQLException {
    return delegateIfOpen().isPoolable();
  }

  @Override
  public final void closeOnCompletion() throws SQLException {
    delegateIfOpen().closeOnCompletion();
  }

  @Override
  public final boolean isCloseOnCompletion() throws SQLException {
    return delegateIfOpen().isCloseOnCompletion();
  }

  @Override
  public final long getLargeUpdateCount() throws SQLException {
    return delegateIfOpen().getLargeUpdateCount();
  }

  @Override
  public final void setLargeMaxRows(long max) throws SQLException {
    delegateIfOpen().setLargeMaxRows(max);
  }

  @Override
  public final long getLargeMaxRows() throws SQLException {
    return delegateIfOpen().getLargeMaxRows();
  }

  @Override
  public final long[] executeLargeBatch() throws SQLException {
    S statement = guarded();
    PendingBatch pending = takeBatch();
    Operation operation = pending.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startBatch(operation, pending.sql, pending.size);
    long start = telemetry.now();
    long[] result;
    try {
      result = statement.executeLargeBatch();
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final long executeLargeUpdate(String sql) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    long result;
    try {
      result = statement.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    long result;
    try {
      result = statement.executeLargeUpdate(sql, autoGeneratedKeys);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    long result;
    try {
      result = statement.executeLargeUpdate(sql, columnIndexes);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    S statement = guarded();
    Operation operation = Operation.of(sql);
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    long result;
    try {
      result = statement.executeLargeUpdate(sql, columnNames);
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

  @Override
  public final String enquoteLiteral(String val) throws SQLException {
    return delegateIfOpen().enquoteLiteral(val);
  }

  @Override
  public final String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    return delegateIfOpen().enquoteIdentifier(identifier, alwaysQuote);
  }

  @Override
  public final boolean isSimpleIdentifier(String identifier) throws SQLException {
    return delegateIfOpen().isSimpleIdentifier(identifier);
  }

  @Override
  public final String enquoteNCharLiteral(String val) throws SQLException {
    return delegateIfOpen().enquoteNCharLiteral(val);
  }

}
