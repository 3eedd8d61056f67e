package dev.tenantpool.proxy;

import dev.tenantpool.observe.Operation;
import dev.tenantpool.observe.StatementTrace;
import dev.tenantpool.observe.TenantTelemetry;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Delegation shared by {@link TenantPreparedStatement} and {@link TenantCallableStatement}. Keeps
 * the statement's SQL and operation, read once at prepare time: they are what metrics and spans
 * report. Bound values are never kept.
 *
 * @param <P> the JDBC statement type being wrapped
 */
abstract class TenantPreparedStatementBase<P extends PreparedStatement> extends TenantStatementBase<P>
    implements PreparedStatement {
  final String sql;
  final Operation operation;

  TenantPreparedStatementBase(TenantConnection connection, P delegate, String sql) {
    super(connection, delegate);
    this.sql = sql;
    this.operation = Operation.of(sql);
  }

  @Override
  public final void addBatch() throws SQLException {
    open().addBatch();
    batched(operation, sql);
  }

  @Override
  public final ResultSet executeQuery() throws SQLException {
    P statement = guarded();
    Operation operation = this.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    ResultSet result;
    try {
      result = statement.executeQuery();
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
  public final int executeUpdate() throws SQLException {
    P statement = guarded();
    Operation operation = this.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    int result;
    try {
      result = statement.executeUpdate();
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
  public final void setNull(int parameterIndex, int sqlType) throws SQLException {
    open().setNull(parameterIndex, sqlType);
  }

  @Override
  public final void setBoolean(int parameterIndex, boolean x) throws SQLException {
    open().setBoolean(parameterIndex, x);
  }

  @Override
  public final void setByte(int parameterIndex, byte x) throws SQLException {
    open().setByte(parameterIndex, x);
  }

  @Override
  public final void setShort(int parameterIndex, short x) throws SQLException {
    open().setShort(parameterIndex, x);
  }

  @Override
  public final void setInt(int parameterIndex, int x) throws SQLException {
    open().setInt(parameterIndex, x);
  }

  @Override
  public final void setLong(int parameterIndex, long x) throws SQLException {
    open().setLong(parameterIndex, x);
  }

  @Override
  public final void setFloat(int parameterIndex, float x) throws SQLException {
    open().setFloat(parameterIndex, x);
  }

  @Override
  public final void setDouble(int parameterIndex, double x) throws SQLException {
    open().setDouble(parameterIndex, x);
  }

  @Override
  public final void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    open().setBigDecimal(parameterIndex, x);
  }

  @Override
  public final void setString(int parameterIndex, String x) throws SQLException {
    open().setString(parameterIndex, x);
  }

  @Override
  public final void setBytes(int parameterIndex, byte[] x) throws SQLException {
    open().setBytes(parameterIndex, x);
  }

  @Override
  public final void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    open().setDate(parameterIndex, x);
  }

  @Override
  public final void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    open().setTime(parameterIndex, x);
  }

  @Override
  public final void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    open().setTimestamp(parameterIndex, x);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    open().setAsciiStream(parameterIndex, x, length);
  }

  @Deprecated
  @Override
  public final void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    open().setUnicodeStream(parameterIndex, x, length);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    open().setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public final void clearParameters() throws SQLException {
    open().clearParameters();
  }

  @Override
  public final void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    open().setObject(parameterIndex, x, targetSqlType);
  }

  @Override
  public final void setObject(int parameterIndex, Object x) throws SQLException {
    open().setObject(parameterIndex, x);
  }

  @Override
  public final boolean execute() throws SQLException {
    P statement = guarded();
    Operation operation = this.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    boolean result;
    try {
      result = statement.execute();
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
  public final void setCharacterStream(int parameterIndex, java.io.Reader reader, int length) throws SQLException {
    open().setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public final void setRef(int parameterIndex, Ref x) throws SQLException {
    open().setRef(parameterIndex, x);
  }

  @Override
  public final void setBlob(int parameterIndex, Blob x) throws SQLException {
    open().setBlob(parameterIndex, x);
  }

  @Override
  public final void setClob(int parameterIndex, Clob x) throws SQLException {
    open().setClob(parameterIndex, x);
  }

  @Override
  public final void setArray(int parameterIndex, Array x) throws SQLException {
    open().setArray(parameterIndex, x);
  }

  @Override
  public final ResultSetMetaData getMetaData() throws SQLException {
    return open().getMetaData();
  }

  @Override
  public final void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
    open().setDate(parameterIndex, x, cal);
  }

  @Override
  public final void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
    open().setTime(parameterIndex, x, cal);
  }

  @Override
  public final void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
    open().setTimestamp(parameterIndex, x, cal);
  }

  @Override
  public final void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    open().setNull(parameterIndex, sqlType, typeName);
  }

  @Override
  public final void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    open().setURL(parameterIndex, x);
  }

  @Override
  public final ParameterMetaData getParameterMetaData() throws SQLException {
    return open().getParameterMetaData();
  }

  @Override
  public final void setRowId(int parameterIndex, RowId x) throws SQLException {
    open().setRowId(parameterIndex, x);
  }

  @Override
  public final void setNString(int parameterIndex, String value) throws SQLException {
    open().setNString(parameterIndex, value);
  }

  @Override
  public final void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    open().setNCharacterStream(parameterIndex, value, length);
  }

  @Override
  public final void setNClob(int parameterIndex, NClob value) throws SQLException {
    open().setNClob(parameterIndex, value);
  }

  @Override
  public final void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    open().setClob(parameterIndex, reader, length);
  }

  @Override
  public final void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    open().setBlob(parameterIndex, inputStream, length);
  }

  @Override
  public final void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    open().setNClob(parameterIndex, reader, length);
  }

  @Override
  public final void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    open().setSQLXML(parameterIndex, xmlObject);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    open().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    open().setAsciiStream(parameterIndex, x, length);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    open().setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public final void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
    open().setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    open().setAsciiStream(parameterIndex, x);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    open().setBinaryStream(parameterIndex, x);
  }

  @Override
  public final void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    open().setCharacterStream(parameterIndex, reader);
  }

  @Override
  public final void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    open().setNCharacterStream(parameterIndex, value);
  }

  @Override
  public final void setClob(int parameterIndex, Reader reader) throws SQLException {
    open().setClob(parameterIndex, reader);
  }

  @Override
  public final void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    open().setBlob(parameterIndex, inputStream);
  }

  @Override
  public final void setNClob(int parameterIndex, Reader reader) throws SQLException {
    open().setNClob(parameterIndex, reader);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    open().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    open().setObject(parameterIndex, x, targetSqlType);
  }

  @Override
  public final long executeLargeUpdate() throws SQLException {
    P statement = guarded();
    Operation operation = this.operation;
    TenantTelemetry telemetry = connection.telemetry();
    StatementTrace trace = telemetry.startStatement(operation, sql);
    long start = telemetry.now();
    long result;
    try {
      result = statement.executeLargeUpdate();
    } catch (SQLException e) {
      throw failed(telemetry, operation, start, trace, e);
    } catch (RuntimeException | Error e) {
      broke(telemetry, operation, start, trace, e);
      throw e;
    }
    telemetry.statementSucceeded(operation, start, trace);
    return result;
  }

}
