package dev.tenantpool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A view of a {@link TenantPoolDataSource} that always serves one tenant: its read-write
 * connections, or with {@code readOnly} its read-only ones ({@link TenantPoolDataSource#getReadOnlyConnection(String)}).
 */
final class TenantBoundDataSource implements DataSource {
  private final TenantPoolDataSource source;
  private final String tenant;
  private final boolean readOnly;

  TenantBoundDataSource(TenantPoolDataSource source, String tenant) {
    this(source, tenant, false);
  }

  TenantBoundDataSource(TenantPoolDataSource source, String tenant, boolean readOnly) {
    this.source = source;
    this.tenant = tenant;
    this.readOnly = readOnly;
  }

  @Override
  public Connection getConnection() throws SQLException {
    // No scope is opened: the connection belongs to this tenant, and the tenant guard still
    // refuses it if it is used while TenantContext names another tenant.
    return readOnly ? source.getReadOnlyConnection(tenant) : source.getConnection(tenant);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return source.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return source.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    source.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    source.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return source.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return source.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return source.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this) || source.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "TenantPoolDataSource[tenant=" + tenant + (readOnly ? ", read-only" : "") + "]";
  }
}
