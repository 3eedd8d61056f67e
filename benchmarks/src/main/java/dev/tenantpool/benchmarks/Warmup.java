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
    int tenants = subject.variant().routes() ? count : 1;
    for (int i = 0; i < tenants; i++) {
      try (Connection connection = subject.connection("t" + i)) {
        if (connection.isClosed()) {
          throw new IllegalStateException(subject.variant().key() + " handed out a closed connection");
        }
      }
    }
  }
}
