package dev.tenantpool.pool;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One cheap question to a tenant's database, asked in the background while its circuit is open:
 * does it take a connection again? A physical connection is opened (bounded in time like every
 * other, and charged to the server's budget without waiting for a permit), validated and closed.
 */
public final class DatabaseProbe {
  private DatabaseProbe() {}

  /**
   * True when the database at {@code url} accepted and validated a connection within
   * {@code timeoutMs}; false when it did not, or no budget permit was free (the probe is simply
   * asked again later). Never throws.
   */
  public static boolean answers(String tenant, String url, Properties properties, String server,
      ConnectionBudget budget, long timeoutMs) {
    Driver driver;
    try {
      driver = DriverManager.getDriver(url);
    } catch (SQLException e) {
      return false;
    }
    if (budget != null && !budget.tryAcquireNow()) {
      return false;
    }
    Runnable releasePermit = budget == null ? () -> {} : budget::release;
    try (Connection connection = ConnectAttempts.run(server, tenant, () -> {
      boolean opened = false;
      try {
        Connection raw = driver.connect(url, properties);
        if (raw == null) {
          throw new SQLException("the target driver declined the URL");
        }
        Connection probe = budget == null ? raw : new BudgetedConnection(raw, budget);
        opened = true;
        return probe;
      } finally {
        if (!opened) {
          releasePermit.run();
        }
      }
    }, timeoutMs, releasePermit)) {
      return connection.isValid((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMs)));
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }
}
