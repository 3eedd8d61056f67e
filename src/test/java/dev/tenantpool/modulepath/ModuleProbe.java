package dev.tenantpool.modulepath;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Run in a fresh JVM by {@link ModulePathIT}, with TenantPool on the class path or on the module
 * path. Uses only {@link DriverManager} to reach the driver, never naming TenantPool's classes, so
 * the driver can only have been found through its service declaration. Lives in a package of its own: on the module path the {@code dev.tenantpool} packages
 * belong to the module, and a class path class in one of them would never be loaded.
 *
 * <p>Arguments: URL (with {@code tenantpool.tenant}), user, password. Prints where the driver was
 * loaded from, whether an internal class can be called, and the tenant the connection reached.
 */
public final class ModuleProbe {
  private ModuleProbe() {}

  public static void main(String[] args) throws Exception {
    Driver driver = DriverManager.getDriver(args[0]);
    Module module = driver.getClass().getModule();
    System.out.println("driver=" + driver.getClass().getName());
    System.out.println("module=" + (module.isNamed() ? module.getName() : "unnamed")
        + (module.isNamed() && module.getDescriptor().isAutomatic() ? " (automatic)" : ""));
    System.out.println("internalsCallable=" + internalsCallable());
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

  /** Whether application code can call the public constructor of an internal class (the router's). */
  private static boolean internalsCallable() throws ReflectiveOperationException {
    Class<?> internal = Class.forName("dev.tenantpool.router.TenantIdRule");
    try {
      internal.getConstructor(java.util.regex.Pattern.class, java.util.Set.class)
          .newInstance(java.util.regex.Pattern.compile(".*"), java.util.Set.of());
      return true;
    } catch (IllegalAccessException e) {
      return false;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
