package dev.tenantpool.proxy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.observe.TenantTelemetry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection an application holds: a tenant's pooled connection plus the tenant guard and
 * the hooks that report its use. Pure delegation apart from those hooks; {@link #close()} returns
 * the connection to its own tenant's pool, exactly once.
 *
 * <p>{@code unwrap} answers with this wrapper, then the pooled connection, then whatever the
 * target driver's connection unwraps to (for example {@code org.postgresql.PGConnection}).
 */
public final class TenantConnection implements Connection {
  // This object is the only allocation TenantPool adds to a borrow, so what can be read through
  // the owner is not copied here: three references and one long, 32 bytes.
  private final Connection delegate;
  private final ConnectionOwner owner;
  // The TenantContext of the borrowing thread (null outside any scope). A connection asked for a
  // tenant by name inside another tenant's scope is the named tenant's, and may be used in the
  // scope it was asked for in; anywhere else it is a connection that changed hands.
  private final String borrowedUnder;
  // The owner's clock reading at the borrow, shifted left by one; the low bit is set once
  // released by close() or abort(). JDBC expects abort() from another thread than the
  // connection's user (and close() may race it): exactly one of them may hand the pooled
  // connection back, since HikariCP's own close is not atomic and a connection returned twice
  // would be lent to two borrowers at once. One field for both keeps the object at 32 bytes.
  private volatile long lease;
  private static final VarHandle LEASE;

  static {
    try {
      LEASE = MethodHandles.lookup().findVarHandle(TenantConnection.class, "lease", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Wraps {@code delegate}, borrowed from {@code owner}'s pool at {@code borrowedAt} (a reading
   * of the owner's clock, handed back to {@link ConnectionOwner#released}) by a thread whose
   * {@code TenantContext} was {@code borrowedUnder} (null outside any scope).
   */
  public TenantConnection(Connection delegate, ConnectionOwner owner, String borrowedUnder, long borrowedAt) {
    this.delegate = delegate;
    this.owner = owner;
    this.borrowedUnder = borrowedUnder;
    // A plain write: a volatile one would cost every borrow a fence, and the connection reaches
    // other threads only through the application's own hand-over.
    LEASE.set(this, borrowedAt << 1);
  }

  /** The tenant this connection belongs to. */
  public String tenant() {
    return owner.tenant();
  }

  TenantTelemetry telemetry() {
    return owner.telemetry();
  }

  /** Marks the connection released; true for the one caller that did it. */
  private boolean release() {
    long lent = lease;
    return (lent & 1) == 0 && LEASE.compareAndSet(this, lent, lent | 1);
  }

  private long borrowedAt() {
    return lease >> 1;
  }

  private Connection delegateIfOpen() throws SQLException {
    if ((lease & 1) != 0) {
      throw closedException("connection");
    }
    return delegate;
  }

  private Connection guarded() throws SQLException {
    if ((lease & 1) != 0) {
      throw closedException("connection");
    }
    checkTenant();
    return delegate;
  }

  /** True once the application closed or aborted this connection. */
  boolean isReleased() {
    return (lease & 1) != 0;
  }

  /**
   * The tenant guard: refuses use while the thread's TenantContext names a tenant this connection
   * is not for. It is for its own tenant, and for the scope it was borrowed in: a connection asked
   * for tenant B by name inside tenant A's scope works there (the call's tenant wins), but turning
   * up under a third tenant's context means it changed hands (an outer pool, a cache).
   */
  void checkTenant() throws SQLException {
    if (owner.tenantGuard()) {
      String current = TenantContext.currentOrNull();
      if (current != null && !isFor(current)) {
        throw mismatch(current);
      }
    }
  }

  private boolean isFor(String current) {
    String tenant = owner.tenant();
    // Identity first: the context's string is usually the very one the connection was asked with.
    return current == tenant || current == borrowedUnder || current.equals(tenant) || current.equals(borrowedUnder);
  }

  private SQLException mismatch(String current) {
    String tenant = owner.tenant();
    String askedIn = borrowedUnder == null || borrowedUnder.equals(tenant) ? ""
        : " (asked for by name inside tenant " + borrowedUnder + "'s scope)";
    return TenantPoolSqlState.TENANT_MISMATCH.exception(
        "connection of tenant " + tenant + askedIn + " used while TenantContext is " + current
            + "; get a new connection inside the tenant's scope (an outer pool or a cached"
            + " connection must not cross tenants), or set tenantpool.tenantGuard=false");
  }

  SQLException closedException(String what) {
    return TenantPoolSqlState.CONNECTION_CLOSED.exception(
        what + " of tenant " + owner.tenant() + " is closed; get a new connection from the data source");
  }

  SQLException failed(SQLException failure) {
    return owner.failed(failure);
  }

  @Override
  public void close() throws SQLException {
    if (!release()) {
      return;
    }
    try {
      delegate.close();
    } finally {
      owner.released(borrowedAt());
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    return (lease & 1) != 0 || delegate.isClosed();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new SQLException("timeout must be 0 or more seconds, but was " + timeout, "22023");
    }
    return (lease & 1) == 0 && delegate.isValid(timeout);
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new SQLException("abort needs an executor, but was given null", "22023");
    }
    if (!release()) {
      return;
    }
    try {
      delegate.abort(executor);
    } finally {
      try {
        // HikariCP's abort only passes the call on; without this the pool would count the
        // connection as leased forever.
        owner.removeAborted(delegate);
      } finally {
        owner.released(borrowedAt());
      }
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new TenantDatabaseMetaData(this, guarded().getMetaData());
  }

  /** For metadata queries: refuses use after close and under another tenant's context. */
  void checkUsable() throws SQLException {
    guarded();
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if ((lease & 1) != 0) {
      throw clientInfoClosed();
    }
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    if ((lease & 1) != 0) {
      throw clientInfoClosed();
    }
    delegate.setClientInfo(properties);
  }

  private SQLClientInfoException clientInfoClosed() {
    SQLException closedFailure = closedException("connection");
    Map<String, ClientInfoStatus> none = Collections.emptyMap();
    return new SQLClientInfoException(closedFailure.getMessage(), closedFailure.getSQLState(), none, closedFailure);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : Unwrapping.unwrap(this, delegateIfOpen(), iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || Unwrapping.isWrapperFor(this, delegateIfOpen(), iface);
  }

  @Override
  public String toString() {
    return "TenantConnection[tenant=" + owner.tenant() + ((lease & 1) != 0 ? ", closed" : "") + "]";
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new TenantStatement(this, delegateIfOpen().createStatement());
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return new TenantCallableStatement(this, delegateIfOpen().prepareCall(sql), sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return delegateIfOpen().nativeSQL(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    delegateIfOpen().setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegateIfOpen().getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    guarded().commit();
  }

  @Override
  public void rollback() throws SQLException {
    guarded().rollback();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    delegateIfOpen().setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegateIfOpen().isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    delegateIfOpen().setCatalog(catalog);
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegateIfOpen().getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    delegateIfOpen().setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegateIfOpen().getTransactionIsolation();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegateIfOpen().getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegateIfOpen().clearWarnings();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return new TenantStatement(this, delegateIfOpen().createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql, resultSetType, resultSetConcurrency), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return new TenantCallableStatement(this, delegateIfOpen().prepareCall(sql, resultSetType, resultSetConcurrency), sql);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegateIfOpen().getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    delegateIfOpen().setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    delegateIfOpen().setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegateIfOpen().getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return guarded().setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return guarded().setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    guarded().rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    delegateIfOpen().releaseSavepoint(savepoint);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new TenantStatement(this, delegateIfOpen().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new TenantCallableStatement(this, delegateIfOpen().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql, autoGeneratedKeys), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql, columnIndexes), sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new TenantPreparedStatement(this, delegateIfOpen().prepareStatement(sql, columnNames), sql);
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegateIfOpen().createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegateIfOpen().createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegateIfOpen().createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegateIfOpen().createSQLXML();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return delegateIfOpen().getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegateIfOpen().getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return delegateIfOpen().createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return delegateIfOpen().createStruct(typeName, attributes);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    delegateIfOpen().setSchema(schema);
  }

  @Override
  public String getSchema() throws SQLException {
    return delegateIfOpen().getSchema();
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    delegateIfOpen().setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegateIfOpen().getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    delegateIfOpen().beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    delegateIfOpen().endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return delegateIfOpen().setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return delegateIfOpen().setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
    delegateIfOpen().setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    delegateIfOpen().setShardingKey(shardingKey);
  }

}
