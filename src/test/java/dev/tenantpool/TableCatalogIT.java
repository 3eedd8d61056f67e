package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.pool.PoolThreads;
import dev.tenantpool.testing.FaultProxy;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL-table catalog against the real server: tenants onboarded, rotated, broken and
 * removed in the table reach running data sources without a restart.
 */
class TableCatalogIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "tcat";
  private static final String REGISTRY = PREFIX + "_registry";
  private static final String ROTOR = "tcat_rotor";

  @BeforeAll
  static void createDatabases() throws Exception {
    DB.tenants(PREFIX, 8);
    DB.freshDatabase(REGISTRY);
  }

  @AfterAll
  static void closeDriverPools() {
    TenantPoolDriver.closeAll();
  }

  /** A catalog table named {@code table} whose trigger notifies {@code table}'s own channel, as the docs create it. */
  static void createCatalogTable(String table, boolean withTrigger) throws Exception {
    String ddl;
    try (InputStream in = TableCatalogIT.class.getResourceAsStream("/dev/tenantpool/catalog/tenantpool_tenants.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("tenantpool_catalog", table + "_channel").replace("tenantpool_tenants", table);
    }
    if (!withTrigger) {
      ddl = ddl.substring(0, ddl.indexOf("CREATE FUNCTION"));
    }
    try (Connection c = DB.connect(REGISTRY); Statement s = c.createStatement()) {
      s.execute(ddl);
    }
  }

  static void sql(String statement, Object... parameters) throws SQLException {
    try (Connection c = DB.connect(REGISTRY); PreparedStatement s = c.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      s.execute();
    }
  }

  static TenantPoolDataSource.Builder dataSource(String table, long refreshMs) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.catalog", DB.postgresUrl(REGISTRY))
        .property("tenantpool.catalog.user", DB.user())
        .property("tenantpool.catalog.password", DB.password())
        .property("tenantpool.catalog.table", table)
        .property("tenantpool.catalog.channel", table + "_channel")
        .property("tenantpool.catalog.refreshInterval", Long.toString(refreshMs));
  }

  static String tenantOf(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static int backendPid(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean backendAlive(int pid) throws SQLException {
    try (Connection admin = DB.admin(); PreparedStatement s = admin.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      s.setInt(1, pid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  static String routedTenant(TenantPoolDataSource dataSource, String tenant) throws SQLException {
    try (Connection c = dataSource.getConnection(tenant)) {
      return tenantOf(c);
    }
  }

  static String sqlState(TenantPoolDataSource dataSource, String tenant) {
    try (Connection c = dataSource.getConnection(tenant)) {
      return null;
    } catch (SQLException e) {
      return e.getSQLState();
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Waits (loosely: up to 20 s) for a change to travel through the catalog. */
  static void eventually(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within 20 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Test
  void routesATenantAddedToTheTableOnASecondInstanceWithoutRestart() throws Exception {
    createCatalogTable("cat_onboard", true);
    sql("INSERT INTO cat_onboard (tenant) VALUES ('t0')");
    // No polling within the test: only LISTEN/NOTIFY can bring the new tenant in.
    try (TenantPoolDataSource first = dataSource("cat_onboard", 600_000).build();
        TenantPoolDataSource second = dataSource("cat_onboard", 600_000).build()) {
      assertThat(routedTenant(first, "t0")).isEqualTo("t0");
      assertThat(routedTenant(second, "t0")).isEqualTo("t0");
      assertThatThrownBy(() -> second.getConnection("t1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("tenant t1 is not in the tenant catalog")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP008");

      sql("INSERT INTO cat_onboard (tenant, tier) VALUES ('t1', NULL)"); // "onboarded by the first instance's admin"

      eventually("t1 routable on the second instance", () -> sqlState(second, "t1") == null);
      assertThat(routedTenant(second, "t1")).isEqualTo("t1");
      assertThat(routedTenant(first, "t1")).isEqualTo("t1");
    }
  }

  @Test
  void startsWithTheCatalogDatabaseDownAndSaysWhyCallsFail() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .property("tenantpool.catalog", "jdbc:postgresql://127.0.0.1:" + closedPort + "/registry?password=url-secret")
        .property("tenantpool.catalog.password", "key-secret")
        .build()) {
      assertThatThrownBy(() -> dataSource.getConnection("t0"))
          .hasMessageContaining("has not been read yet")
          .hasMessageNotContaining("url-secret")
          .hasMessageNotContaining("key-secret")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
      assertThat(dataSource.toString()).doesNotContain("url-secret").doesNotContain("key-secret");
    }
  }

  @Test
  void pollsTheTableWhenNoNotificationComes() throws Exception {
    createCatalogTable("cat_polled", false);
    try (TenantPoolDataSource dataSource = dataSource("cat_polled", 200).build()) {
      assertThat(sqlState(dataSource, "t2")).isEqualTo("TP008");
      sql("INSERT INTO cat_polled (tenant) VALUES ('t2')");
      eventually("t2 routable by polling", () -> sqlState(dataSource, "t2") == null);
      assertThat(routedTenant(dataSource, "t2")).isEqualTo("t2");
    }
  }

  @Test
  void listensAgainAfterItsConnectionIsLost() throws Exception {
    createCatalogTable("cat_relisten", true);
    sql("INSERT INTO cat_relisten (tenant) VALUES ('t0')");
    try (TenantPoolDataSource dataSource = dataSource("cat_relisten", 600_000).build()) {
      assertThat(routedTenant(dataSource, "t0")).isEqualTo("t0");
      int killed;
      try (Connection admin = DB.admin(); Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
              + " WHERE application_name = 'tenantpool-catalog' AND datname = '" + REGISTRY + "'")) {
        rs.next();
        killed = rs.getInt(1);
      }
      assertThat(killed).isPositive();
      sql("INSERT INTO cat_relisten (tenant) VALUES ('t3')");
      eventually("t3 routable after the catalog reconnected", () -> sqlState(dataSource, "t3") == null);
      assertThat(routedTenant(dataSource, "t3")).isEqualTo("t3");
    }
  }

  @Test
  void failsOnlyTheTenantWhoseRowIsMalformed() throws Exception {
    createCatalogTable("cat_malformed", true);
    sql("INSERT INTO cat_malformed (tenant, options) VALUES ('t0', '{\"maximumPoolSize\": 2}'),"
        + " ('lots', '{\"maximumPoolSize\": \"lots\"}'), ('array', '[1, 2]'), ('badurl', NULL)");
    sql("UPDATE cat_malformed SET url = 'postgresql://nowhere/x?password=hunter2' WHERE tenant = 'badurl'");
    try (TenantPoolDataSource dataSource = dataSource("cat_malformed", 600_000).build()) {
      assertThatThrownBy(() -> dataSource.getConnection("lots"))
          .hasMessageContaining("tenant catalog entry lots")
          .hasMessageContaining("field maximumPoolSize")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
      assertThatThrownBy(() -> dataSource.getConnection("array"))
          .hasMessageContaining("entry array")
          .hasMessageContaining("column options must be a JSON object");
      assertThatThrownBy(() -> dataSource.getConnection("badurl"))
          .hasMessageContaining("field url")
          .hasMessageNotContaining("hunter2");
      assertThat(routedTenant(dataSource, "t0")).isEqualTo("t0");

      // A working tenant whose row breaks keeps its pool (a typo must not take it down) ...
      sql("UPDATE cat_malformed SET options = '{\"maximumPoolSize\": 0}' WHERE tenant = 't0'");
      sql("INSERT INTO cat_malformed (tenant) VALUES ('t4')");
      eventually("the change read", () -> sqlState(dataSource, "t4") == null);
      assertThat(routedTenant(dataSource, "t0")).isEqualTo("t0");
      // ... while a pool built from the broken row would fail with the entry's error.
      dataSource.evict("t0");
      assertThat(sqlState(dataSource, "t0")).isEqualTo("22023");
      assertThat(routedTenant(dataSource, "t4")).isEqualTo("t4");
    }
  }

  @Test
  void retiresThePoolOfATenantRemovedOrMovedInTheTable() throws Exception {
    createCatalogTable("cat_moves", true);
    sql("INSERT INTO cat_moves (tenant) VALUES ('t5'), ('t6')");
    try (TenantPoolDataSource dataSource = dataSource("cat_moves", 600_000).build()) {
      assertThat(routedTenant(dataSource, "t5")).isEqualTo("t5");
      assertThat(routedTenant(dataSource, "t6")).isEqualTo("t6");
      Connection leased = dataSource.getConnection("t6");

      sql("DELETE FROM cat_moves WHERE tenant = 't5'");
      // t6 moves: its URL now points at t7's database.
      sql("UPDATE cat_moves SET url = ? WHERE tenant = 't6'", DB.postgresUrl(PREFIX + "_t7"));

      eventually("t5 refused", () -> "TP008".equals(sqlState(dataSource, "t5")));
      eventually("t6 moved", () -> routedTenant(dataSource, "t6").equals("t7"));
      assertThat(dataSource.tenants()).doesNotContain("t5");
      // The connection leased before the move still works and reaches the old database.
      assertThat(tenantOf(leased)).isEqualTo("t6");
      leased.close();
    }
  }

  @Test
  void sizesPoolsByTheTierOfTheRowAndTagsMetricsWithIt() throws Exception {
    createCatalogTable("cat_tiers", true);
    sql("INSERT INTO cat_tiers (tenant, tier) VALUES ('t0', 'free'), ('t1', 'pro')");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TenantPoolDataSource dataSource = dataSource("cat_tiers", 600_000)
        .property("tenantpool.tier.free.maximumPoolSize", "1")
        .property("tenantpool.tier.free.connectionTimeout", "300")
        .property("tenantpool.tier.free.validationTimeout", "250")
        .property("tenantpool.tier.pro.maximumPoolSize", "3")
        .property("tenantpool.metrics.tenantTag", "tier")
        .meterRegistry(registry)
        .build()) {
      try (Connection only = dataSource.getConnection("t0")) {
        assertThat(tenantOf(only)).isEqualTo("t0");
        assertThatThrownBy(() -> dataSource.getConnection("t0"))
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP006");
      }
      try (Connection a = dataSource.getConnection("t1"); Connection b = dataSource.getConnection("t1")) {
        assertThat(tenantOf(a) + tenantOf(b)).isEqualTo("t1t1");
      }
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "free").meters()).isNotEmpty();
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "pro").meters()).isNotEmpty();
    }
  }

  @Test
  void rotatedPasswordReachesNewConnectionsAndSoftEvictsPooledOnes() throws Exception {
    boolean enforced = requirePasswordAuthentication(ROTOR);
    try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
      s.execute("DROP ROLE IF EXISTS " + ROTOR);
      s.execute("CREATE ROLE " + ROTOR + " LOGIN PASSWORD 'first-pass-1'");
    }
    try (Connection c = DB.connect(PREFIX + "_t3"); Statement s = c.createStatement()) {
      s.execute("GRANT SELECT ON tenant_info TO " + ROTOR);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(enforced,
        "the test server does not check passwords for " + ROTOR + " and its pg_hba.conf is not local to change");
    createCatalogTable("cat_rotate", true);
    sql("INSERT INTO cat_rotate (tenant, username, password) VALUES ('t3', ?, 'first-pass-1')", ROTOR);
    try (TenantPoolDataSource dataSource = dataSource("cat_rotate", 600_000).build()) {
      Connection leased = dataSource.getConnection("t3");
      Connection idle = dataSource.getConnection("t3");
      int leasedPid = backendPid(leased);
      int idlePid = backendPid(idle);
      assertThat(currentUser(leased)).isEqualTo(ROTOR);
      idle.close();

      try (Connection c = DB.connect(REGISTRY)) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("ALTER ROLE " + ROTOR + " PASSWORD 'second-pass-2'");
          s.execute("UPDATE cat_rotate SET password = 'second-pass-2' WHERE tenant = 't3'");
        }
        c.commit();
      }
      assertThatThrownBy(() -> DriverManager.getConnection(DB.postgresUrl(PREFIX + "_t3"), ROTOR, "first-pass-1"))
          .as("the old password is refused by the server").isInstanceOf(SQLException.class);

      eventually("the idle connection soft-evicted", () -> !backendAlive(idlePid));
      try (Connection fresh = dataSource.getConnection("t3")) {
        assertThat(tenantOf(fresh)).isEqualTo("t3");
        assertThat(backendPid(fresh)).isNotIn(leasedPid, idlePid);
      }
      // The leased connection finishes its work, and is closed instead of being pooled again.
      assertThat(tenantOf(leased)).isEqualTo("t3");
      leased.close();
      eventually("the leased connection closed on return", () -> !backendAlive(leasedPid));

      assertThat(dataSource.toString()).doesNotContain("second-pass-2").doesNotContain("first-pass-1")
          .doesNotContain(DB.password().isEmpty() ? "\u0000" : "password=" + DB.password());
      assertThat(dataSource.health("t3").toString()).doesNotContain("second-pass-2");
    }
  }

  /** {@link #dataSource} whose catalog database is reached through {@code proxy}, with a 1 s connectionTimeout. */
  static TenantPoolDataSource.Builder throughProxy(FaultProxy proxy, String table, long refreshMs) {
    return dataSource(table, refreshMs)
        .property("tenantpool.catalog", proxy.postgresUrl(REGISTRY))
        .property("tenantpool.connectionTimeout", "1000");
  }

  /** Names of the threads now running code of {@code className}. */
  static Set<String> threadsIn(String className) {
    Set<String> names = new TreeSet<>();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().equals(className)) {
          names.add(thread.getName());
          break;
        }
      }
    });
    return names;
  }

  @Test
  void refusesARowThatWouldSendTheSharedPasswordToAnotherHost() throws Exception {
    createCatalogTable("cat_hosts", true);
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      // The proxy is a server the template (localhost:<port>) does not name: "the attacker's host".
      String elsewhere = proxy.postgresUrl(PREFIX + "_{tenant}");
      sql("INSERT INTO cat_hosts (tenant, url) VALUES ('t1', ?)", elsewhere);
      sql("INSERT INTO cat_hosts (tenant, url) VALUES ('t2', ?)",
          DB.postgresUrl(PREFIX + "_t2") + "?PGHOST=" + proxy.host() + "&PGPORT=" + proxy.port());
      sql("INSERT INTO cat_hosts (tenant, url, password) VALUES ('t3', ?, ?)", elsewhere, DB.password());
      sql("INSERT INTO cat_hosts (tenant) VALUES ('t0')");
      String server = proxy.host() + ":" + proxy.port();
      try (TenantPoolDataSource dataSource = dataSource("cat_hosts", 600_000).build()) {
        assertThatThrownBy(() -> dataSource.getConnection("t1"))
            .hasMessageContaining("tenant catalog entry t1")
            .hasMessageContaining("field url names the host " + server)
            .hasMessageContaining("tenantpool.catalog.allowedHosts")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        assertThatThrownBy(() -> dataSource.getConnection("t2"))
            .hasMessageContaining("entry t2").hasMessageContaining("sets PGHOST")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        assertThat(sqlState(dataSource, "t3")).as("another host, even with a password of its own").isEqualTo("22023");
        assertThat(routedTenant(dataSource, "t0")).isEqualTo("t0");
        assertThat(proxy.acceptedConnections()).as("connections that reached the other host").isZero();
      }
      try (TenantPoolDataSource dataSource = dataSource("cat_hosts", 600_000)
          .property("tenantpool.catalog.allowedHosts", server).build()) {
        // Allowed now, but t1 has no password: it would get the data source's. Refused instead.
        assertThatThrownBy(() -> dataSource.getConnection("t1"))
            .hasMessageContaining("entry t1")
            .hasMessageContaining("no password of its own")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        assertThat(proxy.acceptedConnections()).isZero();
        assertThat(routedTenant(dataSource, "t3")).as("an allowed host with the entry's own password").isEqualTo("t3");
        assertThat(proxy.acceptedConnections()).isPositive();
      }
    }
  }

  @Test
  void boundsTheFirstReadWhenTheCatalogDatabaseHangs() throws Exception {
    createCatalogTable("cat_hang_first", true);
    sql("INSERT INTO cat_hang_first (tenant) VALUES ('t0'), ('t1'), ('t2')");
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      proxy.blackhole(); // connects succeed, nothing is ever answered
      try (TenantPoolDataSource dataSource = throughProxy(proxy, "cat_hang_first", 600_000).build()) {
        long start = System.nanoTime();
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          String tenant = "t" + i; // one tenant each: callers of one tenant would wait on its single pool creation
          calls.add(callers.submit(() -> sqlState(dataSource, tenant)));
        }
        for (Future<String> call : calls) {
          assertThat(call.get(6, TimeUnit.SECONDS)).as("each caller's answer").isEqualTo("08001");
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(6_000);
        assertThatThrownBy(() -> dataSource.getConnection("t0"))
            .hasMessageContaining("has not been read yet");

        proxy.pass();
        eventually("t0 routable once the catalog database answers", () -> sqlState(dataSource, "t0") == null);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void boundsEveryReadAndReconnectWhenTheCatalogDatabaseStartsHanging() throws Exception {
    createCatalogTable("cat_hang_later", false);
    sql("INSERT INTO cat_hang_later (tenant) VALUES ('t0')");
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB);
        TenantPoolDataSource dataSource = throughProxy(proxy, "cat_hang_later", 200).build()) {
      assertThat(routedTenant(dataSource, "t0")).isEqualTo("t0");
      int before = proxy.acceptedConnections();
      proxy.blackhole();
      sql("INSERT INTO cat_hang_later (tenant) VALUES ('t4')");
      // The read under way gives up (socketTimeout), and so does each reconnect (loginTimeout):
      // the catalog keeps trying instead of waiting forever on its first hung socket.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (proxy.acceptedConnections() < before + 2) {
        assertThat(System.nanoTime() - deadline).as("new connection attempts within 10 s").isNegative();
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(routedTenant(dataSource, "t0")).as("the last reading stays in force").isEqualTo("t0");

      proxy.pass();
      eventually("t4 read once the catalog database answers again", () -> sqlState(dataSource, "t4") == null);
    }
  }

  @Test
  void doesNoCatalogIoOnTheSharedScheduler() throws Exception {
    createCatalogTable("cat_hang_threads", true);
    try (FaultProxy proxy = FaultProxy.inFrontOf(DB)) {
      proxy.blackhole();
      // Two hanging catalogs: as many as the shared scheduler has threads.
      try (TenantPoolDataSource first = throughProxy(proxy, "cat_hang_threads", 200).build();
          TenantPoolDataSource second = throughProxy(proxy, "cat_hang_threads", 200).build()) {
        Set<String> catalogIo = new TreeSet<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        while (System.nanoTime() - until < 0) {
          catalogIo.addAll(threadsIn("dev.tenantpool.catalog.TableCatalog"));
          TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(catalogIo).as("threads seen in catalog I/O").isNotEmpty()
            .allSatisfy(name -> assertThat(name).startsWith("tenantpool-catalog-"));

        ScheduledExecutorService shared = PoolThreads.acquire();
        try {
          CountDownLatch ran = new CountDownLatch(1);
          shared.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);
          assertThat(ran.await(2, TimeUnit.SECONDS)).as("a task of the shared scheduler ran").isTrue();
        } finally {
          PoolThreads.release();
        }
      }
    }
  }

  @Test
  void keepsThePoolOfATenantWhoseRowIsDeletedAndInsertedAgain() throws Exception {
    createCatalogTable("cat_reinsert", false); // polled every 200 ms: every reading is seen
    sql("INSERT INTO cat_reinsert (tenant) VALUES ('t1')");
    try (TenantPoolDataSource dataSource = dataSource("cat_reinsert", 200).build()) {
      assertThat(routedTenant(dataSource, "t1")).isEqualTo("t1");
      Set<String> missing = new TreeSet<>();
      sql("DELETE FROM cat_reinsert WHERE tenant = 't1'");
      watchPools(dataSource, 600, missing);
      sql("INSERT INTO cat_reinsert (tenant) VALUES ('t1')");
      watchPools(dataSource, 2_000, missing);
      assertThat(missing).as("tenants whose pool was retired").isEmpty();
      assertThat(routedTenant(dataSource, "t1")).isEqualTo("t1");

      // Gone for good: retired once the readings confirm it.
      long deleted = System.nanoTime();
      sql("DELETE FROM cat_reinsert WHERE tenant = 't1'");
      eventually("t1 refused", () -> "TP008".equals(sqlState(dataSource, "t1")));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deleted)).isGreaterThanOrEqualTo(1_000);
      assertThat(dataSource.tenants()).doesNotContain("t1");
    }
  }

  private static void watchPools(TenantPoolDataSource dataSource, long millis, Set<String> missing) throws Exception {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() - until < 0) {
      if (!dataSource.tenants().contains("t1")) {
        missing.add("t1");
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  static String currentUser(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Makes the server check {@code role}'s password over TCP: the embedded server trusts every
   * local login, so scram-sha-256 lines for this role are put first in its pg_hba.conf. Returns
   * whether a wrong password is refused now.
   */
  static boolean requirePasswordAuthentication(String role) throws Exception {
    String hbaFile;
    try (Connection admin = DB.admin(); Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hbaFile = rs.getString(1);
    }
    Path hba = Path.of(hbaFile);
    if (Files.isWritable(hba)) {
      String rules = "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role + " ::1/128 scram-sha-256\n";
      String current = Files.readString(hba);
      if (!current.startsWith(rules)) {
        Files.writeString(hba, rules + current);
      }
      try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
        s.execute("DROP ROLE IF EXISTS " + role + "_probe");
        s.execute("SELECT pg_reload_conf()");
      }
    }
    try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
      s.execute("DROP ROLE IF EXISTS " + role);
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'probe-pass'");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      try (Connection c = DriverManager.getConnection(DB.postgresUrl("postgres"), role, "not-the-password")) {
        TimeUnit.MILLISECONDS.sleep(100); // the reload may not have happened yet
      } catch (SQLException refused) {
        return true;
      }
    } while (System.nanoTime() < deadline);
    return false;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
