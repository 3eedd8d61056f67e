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
    delegateIfOpen().addBatch();
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
    delegateIfOpen().setNull(parameterIndex, sqlType);
  }

  @Override
  public final void setBoolean(int parameterIndex, boolean x) throws SQLException {
    delegateIfOpen().setBoolean(parameterIndex, x);
  }

  @Override
  public final void setByte(int parameterIndex, byte x) throws SQLException {
    delegateIfOpen().setByte(parameterIndex, x);
  }

  @Override
  public final void setShort(int parameterIndex, short x) throws SQLException {
    delegateIfOpen().setShort(parameterIndex, x);
  }

  @Override
  public final void setInt(int parameterIndex, int x) throws SQLException {
    delegateIfOpen().setInt(parameterIndex, x);
  }

  @Override
  public final void setLong(int parameterIndex, long x) throws SQLException {
    delegateIfOpen().setLong(parameterIndex, x);
  }

  @Override
  public final void setFloat(int parameterIndex, float x) throws SQLException {
    delegateIfOpen().setFloat(parameterIndex, x);
  }

  @Override
  public final void setDouble(int parameterIndex, double x) throws SQLException {
    delegateIfOpen().setDouble(parameterIndex, x);
  }

  @Override
  public final void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    delegateIfOpen().setBigDecimal(parameterIndex, x);
  }

  @Override
  public final void setString(int parameterIndex, String x) throws SQLException {
    delegateIfOpen().setString(parameterIndex, x);
  }

  @Override
  public final void setBytes(int parameterIndex, byte[] x) throws SQLException {
    delegateIfOpen().setBytes(parameterIndex, x);
  }

  @Override
  public final void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    delegateIfOpen().setDate(parameterIndex, x);
  }

  @Override
  public final void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    delegateIfOpen().setTime(parameterIndex, x);
  }

  @Override
  public final void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    delegateIfOpen().setTimestamp(parameterIndex, x);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    delegateIfOpen().setAsciiStream(parameterIndex, x, length);
  }

  @Deprecated
  @Override
  public final void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    delegateIfOpen().setUnicodeStream(parameterIndex, x, length);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    delegateIfOpen().setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public final void clearParameters() throws SQLException {
    delegateIfOpen().clearParameters();
  }

  @Override
  public final void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    delegateIfOpen().setObject(parameterIndex, x, targetSqlType);
  }

  @Override
  public final void setObject(int parameterIndex, Object x) throws SQLException {
    delegateIfOpen().setObject(parameterIndex, x);
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
    delegateIfOpen().setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public final void setRef(int parameterIndex, Ref x) throws SQLException {
    delegateIfOpen().setRef(parameterIndex, x);
  }

  @Override
  public final void setBlob(int parameterIndex, Blob x) throws SQLException {
    delegateIfOpen().setBlob(parameterIndex, x);
  }

  @Override
  public final void setClob(int parameterIndex, Clob x) throws SQLException {
    delegateIfOpen().setClob(parameterIndex, x);
  }

  @Override
  public final void setArray(int parameterIndex, Array x) throws SQLException {
    delegateIfOpen().setArray(parameterIndex, x);
  }

  @Override
  public final ResultSetMetaData getMetaData() throws SQLException {
    return delegateIfOpen().getMetaData();
  }

  @Override
  public final void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
    delegateIfOpen().setDate(parameterIndex, x, cal);
  }

  @Override
  public final void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
    delegateIfOpen().setTime(parameterIndex, x, cal);
  }

  @Override
  public final void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
    delegateIfOpen().setTimestamp(parameterIndex, x, cal);
  }

  @Override
  public final void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    delegateIfOpen().setNull(parameterIndex, sqlType, typeName);
  }

  @Override
  public final void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    delegateIfOpen().setURL(parameterIndex, x);
  }

  @Override
  public final ParameterMetaData getParameterMetaData() throws SQLException {
    return delegateIfOpen().getParameterMetaData();
  }

  @Override
  public final void setRowId(int parameterIndex, RowId x) throws SQLException {
    delegateIfOpen().setRowId(parameterIndex, x);
  }

  @Override
  public final void setNString(int parameterIndex, String value) throws SQLException {
    delegateIfOpen().setNString(parameterIndex, value);
  }

  @Override
  public final void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    delegateIfOpen().setNCharacterStream(parameterIndex, value, length);
  }

  @Override
  public final void setNClob(int parameterIndex, NClob value) throws SQLException {
    delegateIfOpen().setNClob(parameterIndex, value);
  }

  @Override
  public final void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    delegateIfOpen().setClob(parameterIndex, reader, length);
  }

  @Override
  public final void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    delegateIfOpen().setBlob(parameterIndex, inputStream, length);
  }

  @Override
  public final void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    delegateIfOpen().setNClob(parameterIndex, reader, length);
  }

  @Override
  public final void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    delegateIfOpen().setSQLXML(parameterIndex, xmlObject);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    delegateIfOpen().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    delegateIfOpen().setAsciiStream(parameterIndex, x, length);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    delegateIfOpen().setBinaryStream(parameterIndex, x, length);
  }

  @Override
  public final void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
    delegateIfOpen().setCharacterStream(parameterIndex, reader, length);
  }

  @Override
  public final void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    delegateIfOpen().setAsciiStream(parameterIndex, x);
  }

  @Override
  public final void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    delegateIfOpen().setBinaryStream(parameterIndex, x);
  }

  @Override
  public final void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    delegateIfOpen().setCharacterStream(parameterIndex, reader);
  }

  @Override
  public final void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    delegateIfOpen().setNCharacterStream(parameterIndex, value);
  }

  @Override
  public final void setClob(int parameterIndex, Reader reader) throws SQLException {
    delegateIfOpen().setClob(parameterIndex, reader);
  }

  @Override
  public final void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    delegateIfOpen().setBlob(parameterIndex, inputStream);
  }

  @Override
  public final void setNClob(int parameterIndex, Reader reader) throws SQLException {
    delegateIfOpen().setNClob(parameterIndex, reader);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    delegateIfOpen().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
  }

  @Override
  public final void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    delegateIfOpen().setObject(parameterIndex, x, targetSqlType);
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
