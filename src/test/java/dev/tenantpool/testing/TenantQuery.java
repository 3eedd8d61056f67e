package dev.tenantpool.testing;

import dev.tenantpool.TenantPoolDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** One unit of the budget tests' load: a query of a random tenant that checks where it landed. */
public final class TenantQuery {
  private TenantQuery() {}

  /**
   * Borrows a connection of a tenant picked at random from {@code tenants}, holds it for
   * {@code sleepSeconds} on the server, and says whether the row of {@code tenant_info} named that
   * tenant (false means a connection reached another tenant's database).
   */
  public static boolean landsOnItsTenant(TenantPoolDataSource dataSource, List<String> tenants, double sleepSeconds)
      throws SQLException {
    String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
    try (Connection c = dataSource.getConnection(tenant); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, pg_sleep(" + sleepSeconds + ") FROM tenant_info")) {
      rs.next();
      return rs.getString(1).equals(tenant);
    }
  }
}
