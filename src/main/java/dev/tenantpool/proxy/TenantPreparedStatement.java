package dev.tenantpool.proxy;

import java.sql.PreparedStatement;

/** The {@link PreparedStatement} an application holds. */
public final class TenantPreparedStatement extends TenantPreparedStatementBase<PreparedStatement> {
  TenantPreparedStatement(TenantConnection connection, PreparedStatement delegate, String sql) {
    super(connection, delegate, sql);
  }

  @Override
  public String toString() {
    return "TenantPreparedStatement[tenant=" + connection.tenant() + "]";
  }
}
