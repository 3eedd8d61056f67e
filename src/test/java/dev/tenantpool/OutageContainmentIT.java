package dev.tenantpool;

import static dev.tenantpool.ShortOutages.CONNECTION_TIMEOUT_MS;
import static dev.tenantpool.ShortOutages.WAIT_IN_OPEN_MS;
import static dev.tenantpool.ShortOutages.use;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.DatabaseFaults;
import dev.tenantpool.testing.FaultProxy;
import dev.tenantpool.testing.TenantProxies;
import dev.tenantpool.testing.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3's "done means": 4 threads hammer a tenant whose database dies while 6 threads work on 3
 * healthy tenants of the same data source. Within seconds of the outage the dead tenant's calls
 * fail in under a millisecond; the healthy tenants see no error and no real change in p99; the
 * dead tenant serves again within seconds of its database coming back, with no restart.
 *
 * <p>Every thread pauses 1 ms between calls, as request handlers do: without it the dead
 * tenant's threads, answered in microseconds, would spin and take the healthy threads' CPU
 * (this machine has 2 cores), measuring the scheduler rather than TenantPool.
 */
class OutageContainmentIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final DatabaseFaults FAULTS = new DatabaseFaults(DB);
  private static final String PREFIX = "contain";
  private static final String DEAD = "dead";
  private static final List<String> HEALTHY = List.of("h0", "h1", "h2");
  private static final long BASELINE_MS = 3_000;
  private static final long WARM_UP_MS = 1_000;
  private static final long OPEN_PHASE_MS = 3_000;

  /** How the dead tenant's database dies. */
  enum Outage {
    /** The database hangs: connects are accepted, nothing is answered. */
    HANGS,
    /** The database stops accepting connections and its backends are terminated. */
    GOES_DOWN
  }

  /** Outcome of one call. */
  private static final byte OK = 0;
  private static final byte CIRCUIT_OPEN = 1;
  private static final byte OTHER_ERROR = 2;

  @BeforeAll
  static void createTenants() {
    List<String> tenants = new ArrayList<>(HEALTHY);
    for (Outage outage : Outage.values()) {
      tenants.add(DEAD + "_" + outage.ordinal());
    }
    DB.createTenantDatabases(PREFIX, tenants);
  }

  /** One worker's calls: when each started, how long it took, how it ended. */
  private static final class Calls {
    long[] starts = new long[4096];
    long[] nanos = new long[4096];
    byte[] outcomes = new byte[4096];
    int count;
    final List<String> errors = new ArrayList<>();

    void add(long start, long took, byte outcome) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        nanos = Arrays.copyOf(nanos, count * 2);
        outcomes = Arrays.copyOf(outcomes, count * 2);
      }
      starts[count] = start;
      nanos[count] = took;
      outcomes[count] = outcome;
      count++;
    }
  }

  private static final class Worker extends Thread {
    final String tenant;
    final TenantPoolDataSource dataSource;
    final Calls calls = new Calls();
    volatile boolean stop;

    Worker(String tenant, TenantPoolDataSource dataSource, int number) {
      super("containment-" + tenant + "-" + number);
      this.tenant = tenant;
      this.dataSource = dataSource;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        long start = System.nanoTime();
        byte outcome;
        try {
          use(dataSource, tenant);
          outcome = OK;
        } catch (CircuitOpenException e) {
          outcome = CIRCUIT_OPEN;
        } catch (SQLException e) {
          outcome = OTHER_ERROR;
          if (calls.errors.size() < 20) {
            calls.errors.add(e.getSQLState() + " " + e.getMessage());
          }
        }
        calls.add(start, System.nanoTime() - start, outcome);
        try {
          TimeUnit.MILLISECONDS.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Latencies of {@code workers}' calls with {@code outcome} that started in [from, to). */
  private static Latencies latencies(List<Worker> workers, byte outcome, long from, long to) {
    Latencies latencies = new Latencies();
    for (Worker worker : workers) {
      Calls calls = worker.calls;
      for (int i = 0; i < calls.count; i++) {
        if (calls.outcomes[i] == outcome && calls.starts[i] - from >= 0 && calls.starts[i] - to < 0) {
          latencies.add(calls.nanos[i]);
        }
      }
    }
    return latencies;
  }

  /** Start of the first call of {@code workers} with {@code outcome} at or after {@code from}; -1 if none. */
  private static long firstCall(List<Worker> workers, byte outcome, long from) {
    long first = Long.MAX_VALUE;
    for (Worker worker : workers) {
      Calls calls = worker.calls;
      for (int i = 0; i < calls.count; i++) {
        if (calls.outcomes[i] == outcome && calls.starts[i] - from >= 0 && calls.starts[i] < first) {
          first = calls.starts[i];
          break;
        }
      }
    }
    return first == Long.MAX_VALUE ? -1 : first;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void aDeadTenantFailsFastWhileHealthyTenantsKeepTheirLatencyAndItRecoversByItself(Outage outage)
      throws Exception {
    String dead = DEAD + "_" + outage.ordinal();
    String deadDatabase = PREFIX + "_" + dead;
    List<Worker> deadWorkers = new ArrayList<>();
    List<Worker> healthyWorkers = new ArrayList<>();
    try (TenantProxies proxies = new TenantProxies(DB, PREFIX);
        TenantPoolDataSource dataSource = ShortOutages.dataSource(DB, PREFIX).build()) {
      // The dead tenant goes through its proxy; the healthy ones connect directly.
      FaultProxy proxy = proxies.of(dead);
      for (int i = 0; i < 4; i++) {
        deadWorkers.add(new Worker(dead, dataSource, i));
      }
      for (int i = 0; i < 6; i++) {
        healthyWorkers.add(new Worker(HEALTHY.get(i % HEALTHY.size()), dataSource, i));
      }
      // A running system: every tenant has its pool before the measurement starts. (Ten threads
      // creating the JVM's first pools at once can take longer than the 500 ms connectionTimeout
      // of these tests; a caller joining a creation waits connectionTimeout at most.)
      use(dataSource, dead);
      for (String healthy : HEALTHY) {
        use(dataSource, healthy);
      }
      long started = System.nanoTime();
      deadWorkers.forEach(Thread::start);
      healthyWorkers.forEach(Thread::start);
      TimeUnit.MILLISECONDS.sleep(BASELINE_MS);

      long outageAt = System.nanoTime();
      if (outage == Outage.HANGS) {
        proxy.blackhole();
      } else {
        FAULTS.takeDown(deadDatabase);
      }
      long deadline = outageAt + TimeUnit.SECONDS.toNanos(15);
      while (dataSource.circuitState(dead) != CircuitState.OPEN && System.nanoTime() - deadline < 0) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      TimeUnit.MILLISECONDS.sleep(OPEN_PHASE_MS);

      long backAt = System.nanoTime();
      if (outage == Outage.HANGS) {
        proxy.pass();
      } else {
        FAULTS.bringUp(deadDatabase);
      }
      deadline = backAt + TimeUnit.SECONDS.toNanos(15);
      while (firstCall(deadWorkers, OK, backAt) < 0 && System.nanoTime() - deadline < 0) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      TimeUnit.MILLISECONDS.sleep(500);
      long stoppedAt = System.nanoTime();
      for (Worker worker : deadWorkers) {
        worker.stop = true;
      }
      for (Worker worker : healthyWorkers) {
        worker.stop = true;
      }
      for (Worker worker : deadWorkers) {
        worker.join(10_000);
      }
      for (Worker worker : healthyWorkers) {
        worker.join(10_000);
      }

      // The dead tenant: fails fast within seconds of the outage ...
      long firstRejected = firstCall(deadWorkers, CIRCUIT_OPEN, outageAt);
      assertThat(firstRejected).as("an open-circuit rejection after the outage").isPositive();
      Latencies rejected = latencies(deadWorkers, CIRCUIT_OPEN, outageAt, backAt);
      // ... and serves again within seconds of its database coming back.
      long firstServed = firstCall(deadWorkers, OK, backAt);
      assertThat(firstServed).as("a successful call after the database came back").isPositive();

      // The healthy tenants: no error at any time, p99 before and during the outage alike.
      Latencies before = latencies(healthyWorkers, OK, started + TimeUnit.MILLISECONDS.toNanos(WARM_UP_MS), outageAt);
      Latencies during = latencies(healthyWorkers, OK, outageAt, backAt);
      Latencies after = latencies(healthyWorkers, OK, backAt, stoppedAt);
      List<String> healthyErrors = new ArrayList<>();
      healthyWorkers.forEach(w -> healthyErrors.addAll(w.calls.errors));
      long healthyFailures = latencies(healthyWorkers, OTHER_ERROR, started, stoppedAt).count()
          + latencies(healthyWorkers, CIRCUIT_OPEN, started, stoppedAt).count();

      System.out.printf("%s: dead tenant rejected from %d ms after the outage, rejections %s;"
              + " served again %d ms after the database came back (waitInOpen %d ms)%n",
          outage, millis(firstRejected - outageAt), rejected.summary(), millis(firstServed - backAt), WAIT_IN_OPEN_MS);
      System.out.printf("%s: healthy before %s%n%s: healthy during %s%n%s: healthy after  %s%n",
          outage, before.summary(), outage, during.summary(), outage, after.summary());

      assertThat(healthyErrors).isEmpty();
      assertThat(healthyFailures).isZero();
      assertThat(millis(firstRejected - outageAt)).isLessThan(10_000);
      assertThat(rejected.count()).isGreaterThan(1_000);
      assertThat(rejected.median()).isLessThan(TimeUnit.MILLISECONDS.toNanos(1));
      assertThat(millis(firstServed - backAt)).isLessThan(WAIT_IN_OPEN_MS + CONNECTION_TIMEOUT_MS + 2_000);
      assertThat(before.count()).isGreaterThan(1_000);
      assertThat(during.count()).isGreaterThan(1_000);
      // Loose on purpose. A leak of the outage would make healthy calls wait for the dead tenant's
      // timeouts (500 ms and more); a shared 2-core machine, and a server forking backends for the
      // dead tenant's failing connects, move p99 by a few milliseconds.
      assertThat(during.percentile(99)).isLessThan(3 * before.percentile(99) + TimeUnit.MILLISECONDS.toNanos(20));
      assertThat(dataSource.circuitState(dead)).isIn(CircuitState.CLOSED, CircuitState.HALF_OPEN);
    } finally {
      if (outage == Outage.GOES_DOWN) {
        FAULTS.bringUp(deadDatabase);
      }
    }
    // Closed data source: nothing left on the server, abandoned attempts included.
    assertThat(FAULTS.awaitBackends(deadDatabase, 0, Duration.ofSeconds(10))).isZero();
    for (String healthy : HEALTHY) {
      assertThat(FAULTS.awaitBackends(PREFIX + "_" + healthy, 0, Duration.ofSeconds(10))).isZero();
    }
  }
}
