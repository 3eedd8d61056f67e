package dev.tenantpool.catalog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads PostgreSQL notifications from a pgJDBC connection without importing pgJDBC: the core
 * never imports a vendor driver's classes (pgJDBC is the application's dependency, not
 * TenantPool's), so {@code PGConnection.getNotifications()} is found by name once per connection.
 * The no-argument form never blocks: it returns what already arrived on the socket.
 */
final class PgNotifications {
  private static final String PG_CONNECTION = "org.postgresql.PGConnection";

  private final Object pgConnection;
  private final Method getNotifications;

  private PgNotifications(Object pgConnection, Method getNotifications) {
    this.pgConnection = pgConnection;
    this.getNotifications = getNotifications;
  }

  /** A reader for {@code connection}, or null when its driver is not pgJDBC. */
  static PgNotifications of(Connection connection) {
    try {
      Class<?> type = Class.forName(PG_CONNECTION, false, connection.getClass().getClassLoader());
      if (!connection.isWrapperFor(type)) {
        return null;
      }
      return new PgNotifications(connection.unwrap(type), type.getMethod("getNotifications"));
    } catch (ClassNotFoundException | NoSuchMethodException | SQLException | LinkageError e) {
      return null;
    }
  }

  /** How many notifications arrived since the last call (0 when none); never blocks. */
  int drain() throws SQLException {
    try {
      Object[] notifications = (Object[]) getNotifications.invoke(pgConnection);
      return notifications == null ? 0 : notifications.length;
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw new SQLException("reading notifications failed: " + e.getCause(), "08006", e.getCause());
    } catch (IllegalAccessException e) {
      throw new SQLException("reading notifications failed: " + e, "08006", e);
    }
  }
}
