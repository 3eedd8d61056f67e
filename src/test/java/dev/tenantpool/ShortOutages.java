package dev.tenantpool;

import dev.tenantpool.testing.TenantProxies;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Breaker and timeout settings short enough for a test to watch a tenant's circuit open and close
 * within seconds, and the calls the outage tests share.
 *
 * <p>pgJDBC's own timeouts are set the way the README advises for production (scaled down):
 * {@code connectTimeout} bounds the TCP connect, {@code socketTimeout} every read, so that no
 * thread, not even an abandoned connection attempt, waits on a hanging database for ever.
 * {@code sslmode=disable} because the embedded server has no TLS: with the default
 * {@code prefer} a connection that times out is tried a second time without TLS, doubling the wait.
 */
final class ShortOutages {
  static final long CONNECTION_TIMEOUT_MS = 500;
  static final long WAIT_IN_OPEN_MS = 1_000;
  static final int MINIMUM_CALLS = 4;
  static final int PERMITTED_CALLS_IN_HALF_OPEN = 2;
  static final int SOCKET_TIMEOUT_SECONDS = 2;

  private ShortOutages() {}

  /** A builder for {@code <prefix>_{tenant}} whose tenants' connections go through their proxies. */
  static TenantPoolDataSource.Builder dataSource(TestDatabase db, String prefix) {
    return TenantPoolDataSource.builder()
        .url(db.tenantPoolUrl(prefix + "_{tenant}"))
        .username(db.user())
        .password(db.password())
        .property("socketFactory", TenantProxies.socketFactoryClass())
        .property("connectTimeout", "1")
        .property("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS))
        .property("sslmode", "disable")
        .property("tenantpool.connectionTimeout", Long.toString(CONNECTION_TIMEOUT_MS))
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.shutdownTimeout", "1000")
        .property("tenantpool.breaker.failureRateThreshold", "50")
        .property("tenantpool.breaker.minimumCalls", Integer.toString(MINIMUM_CALLS))
        .property("tenantpool.breaker.slidingWindowSize", Integer.toString(MINIMUM_CALLS))
        .property("tenantpool.breaker.waitInOpen", Long.toString(WAIT_IN_OPEN_MS))
        .property("tenantpool.breaker.permittedCallsInHalfOpen", Integer.toString(PERMITTED_CALLS_IN_HALF_OPEN));
  }

  /** One unit of work: borrow, read which tenant's database answered, return the connection. */
  static String use(TenantPoolDataSource dataSource, String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(tenant);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Calls {@link #use} until the tenant's circuit is open, failing the test after {@code limit}.
   * Returns the SQLStates of the failures seen on the way.
   */
  static List<String> driveUntilOpen(TenantPoolDataSource dataSource, String tenant, Duration limit) {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + limit.toNanos();
    while (dataSource.circuitState(tenant) != CircuitState.OPEN) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the circuit of tenant " + tenant + " did not open within " + limit
            + "; " + seen.size() + " failures, the first: " + seen.subList(0, Math.min(20, seen.size())));
      }
      try {
        use(dataSource, tenant);
      } catch (SQLException e) {
        seen.add(e.getSQLState());
      }
    }
    return seen;
  }

  /**
   * Calls {@link #use} every 10 ms until it succeeds, failing the test after {@code limit}.
   * Returns how long it took.
   */
  static Duration awaitServing(TenantPoolDataSource dataSource, String tenant, Duration limit)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    SQLException last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        use(dataSource, tenant);
        return Duration.ofNanos(System.nanoTime() - start);
      } catch (SQLException e) {
        last = e;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new AssertionError("tenant " + tenant + " did not serve again within " + limit, last);
  }
}
