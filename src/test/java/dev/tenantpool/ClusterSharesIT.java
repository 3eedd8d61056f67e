package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.BackendSampler;
import dev.tenantpool.testing.FaultProxy;
import dev.tenantpool.testing.TenantLoad;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster budget between data sources of one JVM (each its own "instance", with its own
 * coordination connection and row) against the real PostgreSQL: first share within a heartbeat,
 * shares following demand, the cap at every sampled instant, and an instance cut off from the
 * coordination database keeping its share while the others never take it.
 * {@code ClusterBudgetIT} runs the same across processes.
 */
class ClusterSharesIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "clshare";
  private static final String COORDINATION = "tpcoord_shares";
  private static final long HEARTBEAT_MS = 500;
  private static List<String> tenants;

  @BeforeAll
  static void databases() throws Exception {
    tenants = DB.tenants(PREFIX, 8);
    DB.freshDatabase(COORDINATION);
  }

  @BeforeEach
  void emptyTable() throws Exception {
    try (Connection c = DB.connect(COORDINATION); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS tenantpool_cluster_members");
    }
  }

  private static TenantPoolDataSource instance(String coordinationUrl, int budget) {
    return builder(coordinationUrl, budget).build();
  }

  private static TenantPoolDataSource.Builder builder(String coordinationUrl, int budget) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.clusterBudget", Integer.toString(budget))
        .property("tenantpool.cluster.url", coordinationUrl)
        .property("tenantpool.cluster.user", DB.user())
        .property("tenantpool.cluster.password", DB.password())
        .property("tenantpool.cluster.heartbeatInterval", Long.toString(HEARTBEAT_MS))
        .property("tenantpool.maximumPoolSize", "4")
        .property("tenantpool.connectionTimeout", "15000");
  }

  private static int share(TenantPoolDataSource ds) {
    return ds.budgets().stream().mapToInt(TenantPoolDataSource.BudgetStats::max).sum();
  }

  @Test
  void aNewInstanceGetsItsFirstShareWithinOneHeartbeat() throws Exception {
    try (TenantPoolDataSource first = instance(DB.postgresUrl(COORDINATION), 10);
        TenantLoad busy = new TenantLoad(first, tenants.subList(0, 4), 3)) {
      Thread.sleep(3 * HEARTBEAT_MS);
      try (TenantPoolDataSource second = instance(DB.postgresUrl(COORDINATION), 10)) {
        long start = System.nanoTime();
        try (Connection c = second.getConnection(tenants.get(5)); Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("cluster shares: a new instance's first connection after %d ms (heartbeat %d ms)%n",
            tookMs, HEARTBEAT_MS);
        // Its first heartbeat runs at once and finds the unheld part; what it costs is opening the
        // coordination connection, the table check and the tenant's pool: 30 to 120 ms on a quiet
        // machine, 430 ms once on a loaded one. Before its second heartbeat in any case.
        assertThat(tookMs).isLessThan(2 * HEARTBEAT_MS);
      }
      assertThat(busy.failures()).isZero();
    }
  }

  @Test
  void sharesFollowDemandAndTheCapHoldsWhileTheyMove() throws Exception {
    int budget = 12;
    try (BackendSampler sampler = new BackendSampler(DB, PREFIX); TenantPoolDataSource a = instance(DB.postgresUrl(COORDINATION), budget);
        TenantPoolDataSource b = instance(DB.postgresUrl(COORDINATION), budget)) {
      int[] phase1;
      int[] phase2;
      try (TenantLoad heavy = new TenantLoad(a, tenants.subList(0, 4), 12); TenantLoad light = new TenantLoad(b, tenants.subList(4, 8), 1)) {
        Thread.sleep(8 * HEARTBEAT_MS);
        phase1 = new int[] {share(a), share(b)};
        heavy.stop();
        light.stop();
        assertThat(heavy.failures() + light.failures()).isZero();
      }
      try (TenantLoad light = new TenantLoad(a, tenants.subList(0, 4), 1); TenantLoad heavy = new TenantLoad(b, tenants.subList(4, 8), 12)) {
        Thread.sleep(8 * HEARTBEAT_MS);
        phase2 = new int[] {share(a), share(b)};
        heavy.stop();
        light.stop();
        assertThat(heavy.failures() + light.failures()).isZero();
        assertThat(heavy.operations()).isGreaterThan(100);
      }
      int maxBackends = sampler.stopAndMax();
      System.out.printf("cluster shares: busy a / idle b %d/%d, then %d/%d; max backends %d of %d (%d samples)%n",
          phase1[0], phase1[1], phase2[0], phase2[1], maxBackends, budget, sampler.count());
      assertThat(phase1[0]).isGreaterThan(phase1[1]);
      assertThat(phase2[1]).isGreaterThan(phase2[0]);
      assertThat(maxBackends).isLessThanOrEqualTo(budget).isGreaterThan(budget / 2);
    }
  }

  @Test
  void anInstanceCutOffFromTheCoordinationDatabaseKeepsItsShareAndTheOthersNeverTakeIt() throws Exception {
    int budget = 10;
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB); BackendSampler sampler = new BackendSampler(DB, PREFIX);
        TenantPoolDataSource cut = instance(proxy.postgresUrl(COORDINATION), budget);
        TenantPoolDataSource other = instance(DB.postgresUrl(COORDINATION), budget);
        TenantLoad cutLoad = new TenantLoad(cut, tenants.subList(0, 4), 6); TenantLoad otherLoad = new TenantLoad(other, tenants.subList(4, 8), 12)) {
      Thread.sleep(6 * HEARTBEAT_MS);
      proxy.blackhole();
      Thread.sleep(HEARTBEAT_MS);
      int kept = share(cut);
      List<Integer> cutShares = new ArrayList<>();
      // Well past the dead-instance rule's two heartbeats: the cut instance's session lives on
      // (nothing reached the server to end it), so its row and its share stay.
      for (int i = 0; i < 10; i++) {
        Thread.sleep(HEARTBEAT_MS);
        cutShares.add(share(cut));
        assertThat(share(other) + share(cut)).isLessThanOrEqualTo(budget);
      }
      assertThat(rows()).as("the cut instance's row").isEqualTo(2);
      proxy.pass();
      Thread.sleep(4 * HEARTBEAT_MS);
      cutLoad.stop();
      otherLoad.stop();
      int maxBackends = sampler.stopAndMax();
      System.out.printf("cluster shares: cut-off instance kept %d (then %s) for %d ms; max backends %d of %d;"
          + " %d + %d operations, %d failed%n", kept, cutShares, 10 * HEARTBEAT_MS, maxBackends, budget,
          cutLoad.operations(), otherLoad.operations(), cutLoad.failures() + otherLoad.failures());
      assertThat(cutShares).allSatisfy(s -> assertThat(s).isEqualTo(kept));
      assertThat(kept).isPositive();
      assertThat(cutLoad.failures() + otherLoad.failures()).isZero();
      assertThat(maxBackends).isLessThanOrEqualTo(budget);
    }
  }

  /**
   * The residual risk docs/scaling.md describes, pinned down: when the coordination server sees a
   * cut-off instance's session end (here the proxy resets its connection), the instance is counted
   * gone after two heartbeats although it keeps lending its share. When it comes back, the shares
   * converge under the budget again without any connection being revoked.
   */
  @Test
  void anInstanceWhoseCoordinationSessionEndedIsCountedGoneAndConvergesWhenItReturns() throws Exception {
    int budget = 10;
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB);
        TenantPoolDataSource cut = instance(proxy.postgresUrl(COORDINATION), budget);
        TenantPoolDataSource other = instance(DB.postgresUrl(COORDINATION), budget);
        TenantLoad cutLoad = new TenantLoad(cut, tenants.subList(0, 4), 6); TenantLoad otherLoad = new TenantLoad(other, tenants.subList(4, 8), 12)) {
      Thread.sleep(6 * HEARTBEAT_MS);
      proxy.refuse();
      int kept = share(cut);
      long cutAt = System.nanoTime();
      long goneMs = -1;
      while (System.nanoTime() - cutAt < TimeUnit.MILLISECONDS.toNanos(10 * HEARTBEAT_MS)) {
        assertThat(share(cut)).as("the cut-off instance keeps its share").isEqualTo(kept);
        assertThat(cut.budgets().get(0).used()).isLessThanOrEqualTo(kept);
        if (rows() == 1) {
          goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
          break;
        }
        Thread.sleep(50);
      }
      assertThat(goneMs).as("ms until the cut-off instance was counted gone").isBetween(HEARTBEAT_MS, 5 * HEARTBEAT_MS);
      Thread.sleep(2 * HEARTBEAT_MS);
      int overshoot = share(cut) + share(other) - budget;
      proxy.pass();
      long back = System.nanoTime();
      long convergedMs = -1;
      while (System.nanoTime() - back < TimeUnit.MILLISECONDS.toNanos(20 * HEARTBEAT_MS)) {
        if (rows() == 2 && heldSum() <= budget) {
          convergedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
          break;
        }
        Thread.sleep(50);
      }
      cutLoad.stop();
      otherLoad.stop();
      System.out.printf("cluster shares: a cut-off instance whose session ended kept %d, was counted gone after %d ms;"
          + " shares then exceeded the budget by %d; back under it %d ms after the instance returned; %d failed%n",
          kept, goneMs, overshoot, convergedMs, cutLoad.failures() + otherLoad.failures());
      assertThat(convergedMs).as("ms until the shares fit the budget again").isBetween(0L, 10 * HEARTBEAT_MS);
      assertThat(cutLoad.failures() + otherLoad.failures()).isZero();
    }
  }

  /**
   * An instance whose pools on a server have all closed (here: its one tenant's pool, idle past
   * poolIdleTimeout) retires that server's budget, removes its row and so gives its share back at
   * once, instead of heartbeating a row for a server it no longer uses; its next use there gets a
   * new share within a heartbeat.
   */
  @Test
  void anInstanceThatNoLongerUsesAServerGivesItsShareBackAndGetsANewOneOnItsNextUse() throws Exception {
    int budget = 10;
    try (BackendSampler sampler = new BackendSampler(DB, PREFIX);
        TenantPoolDataSource idle = builder(DB.postgresUrl(COORDINATION), budget)
            .property("tenantpool.poolIdleTimeout", "3000").build();
        TenantPoolDataSource busy = instance(DB.postgresUrl(COORDINATION), budget);
        TenantLoad load = new TenantLoad(busy, tenants.subList(4, 8), 6)) {
      try (Connection c = idle.getConnection(tenants.get(0)); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      long lastUse = System.nanoTime();
      Thread.sleep(2 * HEARTBEAT_MS);
      assertThat(rows()).isEqualTo(2);
      int idleHeld = heldByIdleInstances();
      long goneMs = -1;
      while (System.nanoTime() - lastUse < TimeUnit.SECONDS.toNanos(10)) {
        if (rows() == 1) {
          goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastUse);
          break;
        }
        Thread.sleep(50);
      }
      assertThat(goneMs).as("ms until the idle instance's row was gone").isPositive();
      assertThat(idle.budgets()).as("the idle instance's budgets").isEmpty();
      long again = System.nanoTime();
      try (Connection c = idle.getConnection(tenants.get(0)); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      long againMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
      load.stop();
      int maxBackends = sampler.stopAndMax();
      System.out.printf("cluster shares: an instance that held %d on a server it no longer used removed its row %d ms"
              + " after its last use (poolIdleTimeout 3000 ms); its next connection there after %d ms; max backends"
              + " %d of %d; %d failed%n", idleHeld, goneMs, againMs, maxBackends, budget, load.failures());
      // As for a new instance: its first heartbeat finds the part nobody holds (the busy one asks
      // for less than the budget); 20 to 60 ms on a quiet machine, the same bound as a new instance's.
      assertThat(againMs).as("ms until the idle instance's next connection").isLessThan(2 * HEARTBEAT_MS);
      assertThat(rows()).isEqualTo(2);
      assertThat(load.failures()).isZero();
      assertThat(maxBackends).isLessThanOrEqualTo(budget);
    }
  }

  /** What the rows of instances asking for nothing hold. */
  private static int heldByIdleInstances() throws Exception {
    try (Connection c = DB.connect(COORDINATION); PreparedStatement s = c.prepareStatement(
        "SELECT coalesce(sum(held), 0) FROM tenantpool_cluster_members WHERE demand = 0"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int heldSum() throws Exception {
    try (Connection c = DB.connect(COORDINATION); PreparedStatement s = c.prepareStatement(
        "SELECT coalesce(sum(held), 0) FROM tenantpool_cluster_members"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int rows() throws Exception {
    try (Connection c = DB.connect(COORDINATION); PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM tenantpool_cluster_members"); ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
