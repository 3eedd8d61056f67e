package dev.tenantpool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Run in a fresh JVM by {@link DriverDiscoveryIT}: uses only {@link DriverManager}, never naming
 * TenantPool's classes, so the driver can only have been found through
 * {@code META-INF/services/java.sql.Driver}.
 *
 * <p>Arguments: URL (with {@code tenantpool.tenant}), user, password. Prints the driver's class
 * and the tenant the connection reached.
 */
final class DriverDiscoveryProbe {
  private DriverDiscoveryProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println("driver=" + DriverManager.getDriver(args[0]).getClass().getName());
    Properties info = new Properties();
    info.setProperty("user", args[1]);
    info.setProperty("password", args[2]);
    try (Connection c = DriverManager.getConnection(args[0], info);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      System.out.println("tenant=" + rs.getString(1));
    }
    System.out.flush();
    // Pool threads are daemons, but a stray non-daemon thread must not keep the probe alive.
    System.exit(0);
  }
}
