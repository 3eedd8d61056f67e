package dev.tenantpool.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of the cluster budget, on the coordination connection: the members table
 * ({@value #TABLE}: one row per server and instance, with what the instance holds and wants) and
 * the advisory locks that serialize changes and tell a live instance from a dead one.
 *
 * <ul>
 *   <li>Each server's rows change only inside a transaction holding
 *       {@code pg_advisory_xact_lock(CLASS, hashtext(server))}, so two instances never both see
 *       the same free permits.
 *   <li>Each instance holds a session advisory lock on its random {@code lock_key} for as long as
 *       its coordination session lives; when the process dies (even by {@code kill -9}) the server
 *       ends the session and the lock is free.
 *   <li>A row is dead, and removed, only when its lock has been seen free for one of its intervals
 *       ({@code free_since}, set by the first heartbeat of any instance that finds it free, cleared
 *       when it is held again) <em>and</em> its heartbeat is older than one and a half of its intervals,
 *       counted from the coordination server's start at the earliest (after a restart every lock is
 *       gone; instances get the same grace to come back). A live instance that merely cannot reach
 *       the coordination database keeps its session, so its lock, so its row and its share. The
 *       grace after the lock is first seen free covers a reconnecting instance: its old session
 *       ends when the network heals, a moment before its new session writes the row again.
 * </ul>
 *
 * No PostgreSQL driver class is used: only SQL and the standard JDBC API.
 */
final class MemberTable {
  static final String TABLE = "tenantpool_cluster_members";
  // The first key of the two-key advisory locks TenantPool takes ('tpcl'); instances' session locks
  // use the one-key (bigint) form, which PostgreSQL keeps apart from the two-key form (objsubid).
  private static final int LOCK_CLASS = 0x7470636c;

  private final Connection connection;

  MemberTable(Connection connection) {
    this.connection = connection;
  }

  /** Creates the table if it is missing (serialized, since concurrent CREATE TABLE IF NOT EXISTS can fail). */
  void create() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", 0)");
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (server text NOT NULL, instance text NOT NULL,"
          + " held integer NOT NULL, demand integer NOT NULL, budget integer NOT NULL, lock_key bigint NOT NULL,"
          + " heartbeat_ms integer NOT NULL, heartbeat timestamptz NOT NULL, free_since timestamptz,"
          + " PRIMARY KEY (server, instance))");
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** Takes this instance's session lock; false when another session (an old one of ours) still has it. */
  boolean lockSession(long lockKey) throws SQLException {
    connection.setAutoCommit(true);
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, lockKey);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** One row of the table. */
  record Member(String instance, int held, int demand, int budget) {}

  /** Starts the transaction that changes {@code server}'s rows, and waits for its lock. */
  void begin(String server) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(?))")) {
      s.setString(1, server);
      s.execute();
    }
  }

  // True when the session lock of row m is held by some session of this database.
  private static final String LOCK_HELD = "EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
      + " AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
      + " AND ((l.classid::bigint << 32) | l.objid::bigint) = m.lock_key)";

  /** Marks the rows on {@code server} whose lock is free, removes the dead ones (see the class comment), returns them. */
  List<Member> removeDead(String server, String self) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("UPDATE " + TABLE + " m SET free_since = CASE WHEN "
        + LOCK_HELD + " THEN NULL ELSE coalesce(m.free_since, now()) END WHERE m.server = ? AND m.instance <> ?")) {
      s.setString(1, server);
      s.setString(2, self);
      s.executeUpdate();
    }
    String sql = "DELETE FROM " + TABLE + " m WHERE m.server = ? AND m.instance <> ?"
        + " AND m.free_since <= now() - m.heartbeat_ms * interval '1 millisecond'"
        + " AND greatest(m.heartbeat, pg_postmaster_start_time()) < now() - m.heartbeat_ms * 1.5 * interval '1 millisecond'"
        + " AND NOT " + LOCK_HELD
        + " RETURNING m.instance, m.held, m.demand, m.budget";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, server);
      s.setString(2, self);
      return members(s);
    }
  }

  /** Every row of {@code server}, sorted by instance. */
  List<Member> members(String server) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT instance, held, demand, budget FROM " + TABLE + " WHERE server = ? ORDER BY instance COLLATE \"C\"")) {
      s.setString(1, server);
      return members(s);
    }
  }

  private static List<Member> members(PreparedStatement s) throws SQLException {
    List<Member> members = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        members.add(new Member(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
      }
    }
    return members;
  }

  /** Writes this instance's row of {@code server} (inserting it if missing) and commits. */
  void writeAndCommit(String server, String instance, int held, int demand, int budget, long lockKey, long heartbeatMs)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + TABLE
        + " (server, instance, held, demand, budget, lock_key, heartbeat_ms, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?, now())"
        + " ON CONFLICT (server, instance) DO UPDATE SET held = excluded.held, demand = excluded.demand,"
        + " budget = excluded.budget, lock_key = excluded.lock_key, heartbeat_ms = excluded.heartbeat_ms,"
        + " heartbeat = excluded.heartbeat, free_since = NULL")) {
      s.setString(1, server);
      s.setString(2, instance);
      s.setInt(3, held);
      s.setInt(4, demand);
      s.setInt(5, budget);
      s.setLong(6, lockKey);
      s.setInt(7, (int) Math.min(Integer.MAX_VALUE, heartbeatMs));
      s.executeUpdate();
    }
    connection.commit();
  }

  /** Removes this instance's row of {@code server} (it holds nothing there any more) and commits. */
  void removeAndCommit(String server, String instance) throws SQLException {
    begin(server);
    try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE server = ? AND instance = ?")) {
      s.setString(1, server);
      s.setString(2, instance);
      s.executeUpdate();
    }
    connection.commit();
  }

  void rollbackQuietly() {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is broken; it is closed and opened again by the caller.
    }
  }
}
