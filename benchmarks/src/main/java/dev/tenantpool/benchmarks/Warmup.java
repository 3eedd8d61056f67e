package dev.tenantpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;

/** Set-up steps benchmarks share. */
final class Warmup {
  private Warmup() {}

  /**
   * Opens the pools of tenants {@code t0} to {@code t(count-1)} of a routing subject, each with one
   * idle connection, the way a warmed-up multi-tenant service has them; single-pool subjects get
   * their one connection.
   */
  static void openPools(Subject subject, int count) throws SQLException {
    openPools(subject, count, 1);
  }

  /**
   * As {@link #openPools(Subject, int)}, with {@code depth} connections in each pool (borrowed
   * together, then returned), so that several threads on one tenant do not make the measurement
   * wait for new physical connections.
   */
  static void openPools(Subject subject, int count, int depth) throws SQLException {
    int tenants = subject.variant().routes() ? count : 1;
    Connection[] held = new Connection[depth];
    for (int i = 0; i < tenants; i++) {
      try {
        for (int d = 0; d < depth; d++) {
          held[d] = subject.connection("t" + i);
          if (held[d].isClosed()) {
            throw new IllegalStateException(subject.variant().key() + " handed out a closed connection");
          }
        }
      } finally {
        for (int d = 0; d < depth; d++) {
          if (held[d] != null) {
            held[d].close();
            held[d] = null;
          }
        }
      }
    }
  }
}
