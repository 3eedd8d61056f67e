package dev.tenantpool.demo;

import dev.tenantpool.demo.Timeline.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes one tenant's database away and brings it back, the way a failing database looks to an
 * application: new connections are refused ({@code ALTER DATABASE ... ALLOW_CONNECTIONS false})
 * and existing sessions are killed ({@code pg_terminate_backend}), while every other database on
 * the same server carries on. {@link #step} is called by the run's clock.
 */
final class OutageController {
  private final DemoDatabase server;
  private final String tenant;
  private final Timeline timeline;
  private final EventLog events;
  private volatile Phase phase = Phase.BEFORE;
  private volatile long offlineAtMs = -1;
  private volatile long backAtMs = -1;

  OutageController(DemoDatabase server, String tenant, Timeline timeline, EventLog events) {
    this.server = server;
    this.tenant = tenant;
    this.timeline = timeline;
    this.events = events;
  }

  String tenant() {
    return tenant;
  }

  /** Which side of the outage the run is on now. */
  Phase phase() {
    return phase;
  }

  long offlineAtMs() {
    return offlineAtMs;
  }

  long backAtMs() {
    return backAtMs;
  }

  /** Milliseconds into the run of the next action, or {@link Long#MAX_VALUE} when none is left. */
  long nextActionAtMs() {
    switch (phase) {
      case BEFORE:
        return timeline.outageStartMs();
      case DURING:
        return timeline.outageEndMs();
      default:
        return Long.MAX_VALUE;
    }
  }

  /** Acts if the schedule says so at {@code elapsedMs}. */
  void step(long elapsedMs) throws SQLException {
    if (phase == Phase.BEFORE && elapsedMs >= timeline.outageStartMs()) {
      takeAway();
    }
    if (phase == Phase.DURING && elapsedMs >= timeline.outageEndMs()) {
      bringBack();
    }
  }

  private void takeAway() throws SQLException {
    String database = TenantDatabases.databaseOf(tenant);
    int terminated = 0;
    offlineAtMs = events.elapsedMs();
    phase = Phase.DURING;
    try (Connection admin = server.admin()) {
      try (Statement s = admin.createStatement()) {
        s.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
      }
      try (PreparedStatement s = admin.prepareStatement(
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?")) {
        s.setString(1, database);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          terminated = rs.getInt(1);
        }
      }
    }
    events.add(tenant + " database taken away: new connections refused, " + terminated + " sessions terminated");
  }

  private void bringBack() throws SQLException {
    try (Connection admin = server.admin(); Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + TenantDatabases.databaseOf(tenant) + " ALLOW_CONNECTIONS true");
    }
    backAtMs = events.elapsedMs();
    phase = Phase.AFTER;
    events.add(tenant + " database is back: connections allowed again");
  }

  /** Brings the database back if the run ends (or fails) during the outage. */
  void restore() throws SQLException {
    if (phase == Phase.DURING) {
      bringBack();
    }
  }
}
