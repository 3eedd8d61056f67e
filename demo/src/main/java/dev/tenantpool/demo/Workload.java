package dev.tenantpool.demo;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.demo.Timeline.Phase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The application: worker threads that each pick a random tenant per operation, open a
 * {@link TenantContext} scope for it, borrow a connection from the one shared DataSource and run a
 * small bank's mix of reads and writes, timing getConnection and the whole operation. Every thread
 * serves every tenant, as request threads of a real multi-tenant service do, so a tenant whose
 * database hangs would stall them all if nothing failed fast.
 */
final class Workload {
  private static final int READ_PERCENT = 70;
  private static final int REPORT_PERCENT = 10;
  private static final int MAX_THINK_MICROS = 2_000;

  private final DataSource dataSource;
  private final List<String> tenants;
  private final Map<String, TenantStats> stats;
  private final Supplier<Phase> phase;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean running;

  Workload(DataSource dataSource, List<String> tenants, Map<String, TenantStats> stats, Supplier<Phase> phase) {
    this.dataSource = dataSource;
    this.tenants = List.copyOf(tenants);
    this.stats = stats;
    this.phase = phase;
  }

  /**
   * Borrows one connection of every tenant, so that creating the tenants' pools (each one lazily,
   * on its tenant's first getConnection) is not counted in the run's latencies.
   *
   * @throws SQLException if a tenant's database cannot be reached at all
   */
  void warmUp() throws SQLException {
    for (String tenant : tenants) {
      try (TenantContext.Scope scope = TenantContext.use(tenant);
          Connection connection = dataSource.getConnection()) {
        readBalance(connection, 1);
      }
    }
  }

  /** Starts {@code threads} workers. */
  void start(int threads) {
    running = true;
    for (int i = 1; i <= threads; i++) {
      Thread worker = new Thread(this::work, "demo-worker-" + i);
      workers.add(worker);
      worker.start();
    }
  }

  /** Tells the workers to stop after their current operation, without waiting for them. */
  void halt() {
    running = false;
  }

  /** Stops the workers and waits for their current operations to finish. */
  void stop() throws InterruptedException {
    halt();
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    }
  }

  private void work() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running) {
      String tenant = tenants.get(random.nextInt(tenants.size()));
      runOne(tenant, random);
      // Application work between queries; it also keeps two cores from being all database.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(MAX_THINK_MICROS)));
    }
  }

  private void runOne(String tenant, ThreadLocalRandom random) {
    TenantStats tenantStats = stats.get(tenant);
    Phase current = phase.get();
    long start = System.nanoTime();
    try (TenantContext.Scope scope = TenantContext.use(tenant);
        Connection connection = dataSource.getConnection()) {
      tenantStats.acquired(System.nanoTime() - start);
      int dice = random.nextInt(100);
      int account = 1 + random.nextInt(TenantDatabases.ACCOUNTS);
      if (dice < READ_PERCENT) {
        readBalance(connection, account);
      } else if (dice < READ_PERCENT + REPORT_PERCENT) {
        report(connection, account);
      } else {
        transfer(connection, account, 1 + random.nextInt(100));
      }
      tenantStats.succeeded(current, System.nanoTime() - start);
    } catch (SQLException e) {
      boolean rejected = TenantPoolSqlState.CIRCUIT_OPEN.code().equals(e.getSQLState());
      tenantStats.failed(current, rejected, e.getSQLState() + " " + e.getMessage());
    }
  }

  private static void readBalance(Connection connection, int account) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
      s.setInt(1, account);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
      }
    }
  }

  private static void report(Connection connection, int account) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT count(*), coalesce(sum(amount), 0) FROM transfers WHERE account = ?")) {
      s.setInt(1, account);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
      }
    }
  }

  private static void transfer(Connection connection, int account, int amount) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement debit = connection.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
        PreparedStatement log = connection.prepareStatement("INSERT INTO transfers (account, amount) VALUES (?, ?)")) {
      debit.setInt(1, amount);
      debit.setInt(2, account);
      debit.executeUpdate();
      log.setInt(1, account);
      log.setInt(2, amount);
      log.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      // The pool resets autocommit on return too; restoring it here keeps the connection honest.
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // The connection is broken; the pool discards it.
      }
    }
  }

  private static void rollbackQuietly(Connection connection, SQLException failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
