package dev.tenantpool.testing.stub;

import static dev.tenantpool.testing.stub.StubDriver.unsupported;

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
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

/**
 * A prepared statement of the {@link StubDriver}. Bound values are kept the way a real driver
 * keeps them until execution (boxed in a parameter array); {@code setInt}, {@code setLong},
 * {@code setString} and {@code setObject} are the setters the benchmarks bind with, the other
 * setters accept their value and drop it.
 */
public final class StubPreparedStatement extends StubStatementBase implements PreparedStatement {
  private static final int MAX_PARAMETERS = 16;

  private final String sql;
  private final Object[] parameters = new Object[MAX_PARAMETERS];

  StubPreparedStatement(StubConnection connection, String sql) {
    super(connection);
    this.sql = sql;
  }

  private void bind(int parameterIndex, Object value) throws SQLException {
    checkOpen();
    if (parameterIndex < 1 || parameterIndex > MAX_PARAMETERS) {
      throw new SQLException("parameter index must be from 1 to " + MAX_PARAMETERS + ", but was " + parameterIndex,
          "22023");
    }
    parameters[parameterIndex - 1] = value;
  }

  /** The value bound at {@code parameterIndex} (1-based), or null. For tests. */
  Object parameter(int parameterIndex) {
    return parameters[parameterIndex - 1];
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return query(sql);
  }

  @Override
  public int executeUpdate() throws SQLException {
    return update(sql);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(sql);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    bind(parameterIndex, x);
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(parameters, null);
  }

  @Override
  public String toString() {
    // Not the database name nor the SQL: either may hold what a test hides (see StubConnection).
    return "StubPreparedStatement@" + Integer.toHexString(System.identityHashCode(this));
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
  }

  @Override
  public void addBatch() throws SQLException {
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    throw unsupported("getMetaData");
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    throw unsupported("getParameterMetaData");
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
  }
}
