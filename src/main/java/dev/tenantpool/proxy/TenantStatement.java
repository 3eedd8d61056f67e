package dev.tenantpool.proxy;

import java.sql.Statement;

/** The {@link Statement} an application holds; see {@link TenantStatementBase} for what it adds. */
public final class TenantStatement extends TenantStatementBase<Statement> {
  TenantStatement(TenantConnection connection, Statement delegate) {
    super(connection, delegate);
  }

  @Override
  public String toString() {
    return "TenantStatement[tenant=" + connection.tenant() + "]";
  }
}
