package dev.tenantpool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected on the database side, through a superuser connection of {@link TestDatabase}:
 * a database that stops accepting connections and loses its backends (what a failover, a
 * maintenance window or an operator's {@code pg_terminate_backend} look like to a client), and
 * login roles whose password can be rotated under a running pool (SQLState 28P01).
 *
 * <p>Database and role names come from the tests themselves, never from input; they are still
 * quoted as identifiers.
 */
public final class DatabaseFaults {
  /** Members of this role must log in with a password even where the server trusts local users. */
  public static final String PASSWORD_GROUP = "tenantpool_password_login";

  private static final String HBA_MARKER = "# tenantpool tests: password logins for " + PASSWORD_GROUP;

  private final TestDatabase db;

  public DatabaseFaults(TestDatabase db) {
    this.db = db;
  }

  /**
   * {@code ALTER DATABASE ... ALLOW_CONNECTIONS false}, then terminates every backend connected
   * to it. New connections fail (SQLState 55000, "not currently accepting connections", even for
   * superusers); live ones die with 57P01 on their next use. Returns the backends terminated.
   */
  public int takeDown(String database) throws SQLException {
    try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + quote(database) + " ALLOW_CONNECTIONS false");
    }
    return terminateBackends(database);
  }

  /** {@code ALTER DATABASE ... ALLOW_CONNECTIONS true}: the reverse of {@link #takeDown}. */
  public void bringUp(String database) throws SQLException {
    try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + quote(database) + " ALLOW_CONNECTIONS true");
    }
  }

  /** Terminates every backend connected to {@code database} and waits until they are gone. */
  public int terminateBackends(String database) throws SQLException {
    int terminated = 0;
    try (Connection admin = db.admin();
        PreparedStatement terminate = admin.prepareStatement(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
      terminate.setString(1, database);
      try (ResultSet rs = terminate.executeQuery()) {
        rs.next();
        terminated = rs.getInt(1);
      }
    }
    awaitBackends(database, 0, Duration.ofSeconds(10));
    return terminated;
  }

  /** Backends connected to {@code database} now (pg_stat_activity). */
  public int backends(String database) throws SQLException {
    try (Connection admin = db.admin();
        PreparedStatement count = admin.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
      count.setString(1, database);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Waits up to {@code timeout} for {@code database} to have at most {@code atMost} backends
   * (a terminated or closed backend leaves pg_stat_activity a moment after its client is told).
   * Returns the last count seen.
   */
  public int awaitBackends(String database, int atMost, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int count = backends(database);
    while (count > atMost && System.nanoTime() - deadline < 0) {
      sleep(20);
      count = backends(database);
    }
    return count;
  }

  /**
   * Creates (or resets the password of) a login role that must authenticate with
   * {@code password}, and lets it read {@code database}'s {@code tenant_info}; call it once per
   * database the role needs. Returns false when the server cannot be
   * made to ask for a password (an external server whose pg_hba.conf this JVM cannot edit, and
   * that trusts logins), so the caller can skip.
   */
  public boolean passwordRole(String role, String password, String database) throws SQLException {
    try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + PASSWORD_GROUP + "')"
          + " THEN CREATE ROLE " + PASSWORD_GROUP + " NOLOGIN; END IF; END $$");
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + literal(role) + ")"
          + " THEN CREATE ROLE " + quote(role) + "; END IF; END $$");
      s.execute("ALTER ROLE " + quote(role) + " LOGIN PASSWORD " + literal(password));
      s.execute("GRANT " + PASSWORD_GROUP + " TO " + quote(role));
    }
    try (Connection c = db.connect(database); Statement s = c.createStatement()) {
      s.execute("GRANT SELECT ON tenant_info TO " + quote(role));
    }
    return requirePasswords(role, database);
  }

  /** {@code ALTER ROLE ... PASSWORD}: logins with the old password now fail with 28P01. */
  public void changePassword(String role, String password) throws SQLException {
    try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER ROLE " + quote(role) + " PASSWORD " + literal(password));
    }
  }

  /**
   * Makes the server ask {@link #PASSWORD_GROUP}'s members for a password: if it accepts a wrong
   * one (the embedded server trusts local logins), prepends rules to its pg_hba.conf and reloads.
   */
  private boolean requirePasswords(String role, String database) throws SQLException {
    if (!acceptsWrongPassword(role, database)) {
      return true;
    }
    Path hba;
    try (Connection admin = db.admin(); Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hba = Path.of(rs.getString(1));
    }
    if (!Files.isWritable(hba)) {
      return false;
    }
    try {
      String rules = Files.readString(hba, StandardCharsets.UTF_8);
      if (!rules.contains(HBA_MARKER)) {
        String ours = HBA_MARKER + "\n"
            + "host all +" + PASSWORD_GROUP + " 127.0.0.1/32 scram-sha-256\n"
            + "host all +" + PASSWORD_GROUP + " ::1/128 scram-sha-256\n";
        Files.writeString(hba, ours + rules, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not edit " + hba, e);
    }
    try (Connection admin = db.admin(); Statement s = admin.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
    }
    // The postmaster rereads pg_hba.conf when the signal arrives, a moment after the call.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (acceptsWrongPassword(role, database)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      sleep(50);
    }
    return true;
  }

  private boolean acceptsWrongPassword(String role, String database) {
    try (Connection c = java.sql.DriverManager.getConnection(db.postgresUrl(database), role, "not-the-password")) {
      return true;
    } catch (SQLException e) {
      if ("28P01".equals(e.getSQLState())) {
        return false;
      }
      throw new IllegalStateException("unexpected failure while checking password logins", e);
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
