package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tenantpool.testing.FaultProxy;
import dev.tenantpool.testing.LogCapture;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read replicas against the real server: a tenant's primary is {@code rp_<tenant>}, its replicas
 * {@code rpr_<tenant>} and {@code rpq_<tenant>}, whose {@code tenant_info} rows say which one
 * answered. "The replica dies" is a {@link FaultProxy} in front of the server that refuses.
 */
class ReplicaRoutingIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String REGISTRY = "rpcatalog";
  private static final List<String> TENANTS = List.of("acme", "globex");

  @TempDir
  Path dir;

  private FaultProxy proxy;

  @BeforeAll
  static void createDatabases() throws Exception {
    DB.createTenantDatabases("rp", TENANTS);
    for (String prefix : List.of("rpr", "rpq")) {
      for (String tenant : TENANTS) {
        String database = prefix + "_" + tenant;
        DB.freshDatabase(database);
        try (Connection c = DB.connect(database); Statement t = c.createStatement()) {
          t.execute("CREATE TABLE tenant_info (name text NOT NULL)");
          t.execute("INSERT INTO tenant_info VALUES ('" + prefix + " " + tenant + "')");
        }
      }
    }
    DB.freshDatabase(REGISTRY);
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private static TenantPoolDataSource.Builder builder() {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("rp_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("connectTimeout", "1")
        .property("socketTimeout", "2")
        .property("sslmode", "disable")
        .property("tenantpool.connectionTimeout", "3000")
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.shutdownTimeout", "1000")
        .property("tenantpool.breaker.minimumCalls", "4")
        .property("tenantpool.breaker.slidingWindowSize", "4")
        .property("tenantpool.breaker.waitInOpen", "1000")
        .property("tenantpool.breaker.permittedCallsInHalfOpen", "1");
  }

  private static String read(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String readOnly(TenantPoolDataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getReadOnlyConnection(tenant)) {
      assertThat(c.isReadOnly()).isTrue();
      return read(c);
    }
  }

  private static String write(TenantPoolDataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection(tenant)) {
      return read(c);
    }
  }

  @Test
  void aTenantWithAReplicaTemplateReadsFromItAndWritesToItsPrimary() throws Exception {
    try (TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      assertThat(readOnly(ds, "acme")).isEqualTo("rpr acme");
      assertThat(readOnly(ds, "globex")).isEqualTo("rpr globex");
      assertThat(write(ds, "acme")).isEqualTo("acme");
      try (TenantContext.Scope scope = TenantContext.use("globex"); Connection c = ds.getReadOnlyConnection()) {
        assertThat(read(c)).isEqualTo("rpr globex");
      }
      // The replica really refuses writes: the connection is read-only, so pgJDBC begins read-only transactions.
      try (Connection c = ds.getReadOnlyConnection("acme"); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        assertThatThrownBy(() -> s.execute("INSERT INTO tenant_info VALUES ('x')"))
            .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
        c.rollback();
      }
      assertThat(ds.pools()).extracting(PoolView::tenant, PoolView::role).contains(
          org.assertj.core.groups.Tuple.tuple("acme", "primary"), org.assertj.core.groups.Tuple.tuple("acme", "replica"),
          org.assertj.core.groups.Tuple.tuple("globex", "replica"));
      assertThat(ds.health()).filteredOn(h -> h.role().equals("replica")).hasSize(2);
    }
    assertThat(DB.backends("rpr")).isZero();
    assertThat(DB.backends("rp")).isZero();
  }

  @Test
  void aReadOnlyConnectionOfTheFallbackPrimaryIsReadWriteAgainOnceReturned() throws Exception {
    try (TenantPoolDataSource ds = builder().property("tenantpool.maximumPoolSize", "1").build()) {
      // No replica anywhere: the primary serves the read, read-only.
      assertThat(readOnly(ds, "acme")).isEqualTo("acme");
      try (Connection c = ds.getConnection("acme")) {
        assertThat(c.isReadOnly()).isFalse(); // the same physical connection (one per pool), reset by HikariCP
      }
    }
  }

  @Test
  void severalReplicasShareTheReads() throws Exception {
    try (TenantPoolDataSource ds = builder()
        .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}") + ", " + DB.postgresUrl("rpq_{tenant}"))
        .build()) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        seen.add(readOnly(ds, "acme"));
      }
      assertThat(seen).containsExactlyInAnyOrder("rpr acme", "rpq acme");
      assertThat(ds.pools()).filteredOn(p -> p.role().equals("replica")).hasSize(2);
    }
    assertThat(DB.backends("rpq")).isZero();
  }

  /** Records every circuit transition it hears, as "primary tenant FROM->TO" or "replica N tenant FROM->TO". */
  private static final class Transitions implements TenantPoolListener {
    final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
      heard.add("primary " + tenant + " " + from + "->" + to);
    }

    @Override
    public void onReplicaCircuitTransition(String tenant, int replica, CircuitState from, CircuitState to) {
      heard.add("replica " + replica + " " + tenant + " " + from + "->" + to);
    }
  }

  @Test
  void aDeadReplicaOpensItsCircuitReadsFallBackToThePrimaryAndReturnWhenItIsBack() throws Exception {
    proxy = FaultProxy.inFrontOf(DB);
    Transitions fromTheBuilder = new Transitions();
    Transitions addedLater = new Transitions();
    assertThat(LogCapture.installed()).as("the circuit log is read below").isTrue();
    try (LogCapture logs = LogCapture.start();
        TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", proxy.postgresUrl("rpr_{tenant}"))
            .listener(fromTheBuilder).build()) {
      assertThat(readOnly(ds, "acme")).isEqualTo("rpr acme");
      ds.addListener(addedLater); // the replica's router exists by now
      proxy.refuse();
      // The replica's idle connection was cut under the pool: the read that borrows it fails, as
      // any statement on a connection that dies does. No new connection reaches the replica.
      try {
        readOnly(ds, "acme");
      } catch (SQLException e) {
        assertThat(e.getSQLState()).startsWith("08");
      }
      // Every read is served from then on: by the primary while the replica fails, its circuit opening on the way.
      for (int i = 0; i < 8; i++) {
        assertThat(readOnly(ds, "acme")).isEqualTo("acme");
      }
      assertThat(ds.health()).filteredOn(h -> h.role().equals("replica")).singleElement()
          .extracting(TenantHealth::circuit).isEqualTo(CircuitState.OPEN);
      assertThat(ds.circuitState("acme")).as("the primary's circuit").isEqualTo(CircuitState.CLOSED);
      proxy.pass();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String answer;
      do {
        TimeUnit.MILLISECONDS.sleep(50);
        answer = readOnly(ds, "acme");
      } while (!answer.equals("rpr acme") && System.nanoTime() - deadline < 0);
      assertThat(answer).as("reads return to the replica once its circuit closes").isEqualTo("rpr acme");
      // The replica's transitions reach every listener as the replica's, never as the primary's.
      for (Transitions listener : List.of(fromTheBuilder, addedLater)) {
        assertThat(listener.heard).contains("replica 1 acme CLOSED->OPEN")
            .anyMatch(t -> t.startsWith("replica 1 acme ") && t.endsWith("->CLOSED")) // by the probe, or half-open
            .noneMatch(t -> t.startsWith("primary"));
      }
      List<String> circuitLog = logs.events().stream().filter(e -> e.logger().equals("dev.tenantpool.circuit"))
          .map(LogCapture.Event::message).toList();
      assertThat(circuitLog).anyMatch(m -> m.startsWith("circuit of read replica 1 of tenant acme: CLOSED -> OPEN; last failure:"))
          .noneMatch(m -> m.startsWith("circuit of tenant acme"));
    }
    assertThat(DB.backends("rpr")).isZero();
  }

  @Test
  void withoutFallbackADeadReplicasOpenCircuitFailsTheReadWithTp004() throws Exception {
    proxy = FaultProxy.inFrontOf(DB);
    try (TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", proxy.postgresUrl("rpr_{tenant}"))
        .property("tenantpool.replica.fallback", "none").build()) {
      assertThat(readOnly(ds, "acme")).isEqualTo("rpr acme");
      proxy.refuse();
      SQLException last = null;
      for (int i = 0; i < 20 && (last == null || !"TP004".equals(last.getSQLState())); i++) {
        last = catchThrowableOfType(SQLException.class, () -> readOnly(ds, "acme"));
      }
      assertThat((Throwable) last).isInstanceOf(CircuitOpenException.class);
      assertThat(write(ds, "acme")).as("the primary is untouched").isEqualTo("acme");
    }
  }

  @Test
  void replicaMetersAreTaggedByRoleAndLeaveWithTheirDataSource() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TenantPoolDataSource ds = builder().name("rpm").meterRegistry(registry)
        .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}") + "," + DB.postgresUrl("rpq_{tenant}"))
        .property("tenantpool.maxTotalConnections", "10")
        .build()) {
      readOnly(ds, "acme");
      readOnly(ds, "acme");
      write(ds, "acme");
      java.util.Collection<Meter> replica = registry.find("tenantpool.connection.acquire").tag("role", "replica").tag("tenant", "acme")
          .meters();
      assertThat(replica).isNotEmpty();
      // Both replicas' acquisitions in the tenant's one replica series.
      assertThat(registry.get("tenantpool.connection.acquire").tags("role", "replica", "tenant", "acme", "outcome", "success")
          .functionTimer().count()).isEqualTo(2);
      // The tenant's replica gauge sums the pools of both replicas.
      int replicaTotal = ds.pools().stream().filter(p -> p.role().equals("replica")).mapToInt(PoolView::total).sum();
      assertThat(ds.pools()).filteredOn(p -> p.role().equals("replica")).hasSize(2);
      assertThat(registry.get("tenantpool.connections").tags("role", "replica", "tenant", "acme", "state", "total")
          .gauge().value()).isEqualTo(replicaTotal);
      assertThat(registry.find("tenantpool.connection.acquire").tag("role", "primary").tag("tenant", "acme").meters())
          .isNotEmpty();
      assertThat(registry.get("tenantpool.pools").tag("role", "replica").gauge().value()).isEqualTo(2);
      assertThat(registry.getMeters()).allMatch(m -> m.getId().getTag("role") != null, "every series has a role");
      // Both replica positions have a budget on the one test server: one pair of gauges, summed.
      String server = DB.host().toLowerCase(java.util.Locale.ROOT) + ":" + DB.port();
      assertThat(registry.get("tenantpool.budget.connections").tags("role", "replica", "server", server, "state", "max")
          .gauge().value()).isEqualTo(20);
      int replicaUsed = ds.budgets().stream().filter(b -> b.role().equals("replica"))
          .mapToInt(TenantPoolDataSource.BudgetStats::used).sum();
      assertThat(registry.get("tenantpool.budget.connections").tags("role", "replica", "server", server, "state", "used")
          .gauge().value()).isEqualTo(replicaUsed);
      assertThat(registry.get("tenantpool.budget.connections").tags("role", "primary", "server", server, "state", "max")
          .gauge().value()).isEqualTo(10);
      assertThat(ds.budgets()).extracting(TenantPoolDataSource.BudgetStats::role)
          .containsExactlyInAnyOrder("primary", "replica", "replica");
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void aPrometheusScrapeShowsThePrimaryAndTheReplicaSeriesWithTheSameLabels() throws Exception {
    // Micrometer 1.16's Prometheus registry (the oldest supported) drops a series whose label
    // names differ from the first of its name: both roles must carry the role label.
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    try (TenantPoolDataSource ds = builder().name("rpp").meterRegistry(prometheus)
        .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      write(ds, "acme");
      readOnly(ds, "acme");
      String scrape = prometheus.scrape();
      assertThat(scrape).contains(
          "tenantpool_connections{datasource=\"rpp\",role=\"primary\",state=\"total\",tenant=\"acme\"}",
          "tenantpool_connections{datasource=\"rpp\",role=\"replica\",state=\"total\",tenant=\"acme\"}",
          "tenantpool_pools{datasource=\"rpp\",role=\"replica\"} 1");
    }
  }

  @Test
  void aPauseBeforeTheFirstReadHoldsTheReplicasToo() throws Exception {
    try (TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      ds.pause("acme"); // no replica router exists yet
      SQLException paused = catchThrowableOfType(SQLException.class, () -> ds.getReadOnlyConnection("acme"));
      assertThat(paused.getSQLState()).isEqualTo("TP005");
      assertThat(paused.getMessage()).contains("tenant acme is paused");
      ds.resume("acme");
      assertThat(readOnly(ds, "acme")).isEqualTo("rpr acme");
    }
  }

  @Test
  void aReadOnlyViewOfOneTenantAndAPauseThatHoldsItsReplicasToo() throws Exception {
    try (TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      javax.sql.DataSource reads = ds.forTenantReadOnly("globex");
      try (Connection c = reads.getConnection()) {
        assertThat(c.isReadOnly()).isTrue();
        assertThat(read(c)).isEqualTo("rpr globex");
      }
      ds.pause("globex");
      long start = System.nanoTime();
      SQLException paused = catchThrowableOfType(SQLException.class, reads::getConnection);
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(paused.getSQLState()).isEqualTo("TP005");
      assertThat(waitedMs).as("one connectionTimeout (3 s), not one per pool").isLessThan(5_000);
      ds.resume("globex");
      try (Connection c = reads.getConnection()) {
        assertThat(read(c)).isEqualTo("rpr globex");
      }
    }
  }

  @Test
  void aReplicasStatementsAreTracedLikeThePrimarysWithTheReplicasDatabase() throws Exception {
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter exporter =
        io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
    try (io.opentelemetry.sdk.OpenTelemetrySdk sdk = io.opentelemetry.sdk.OpenTelemetrySdk.builder()
            .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter)).build())
            .build();
        TenantPoolDataSource ds = builder().openTelemetry(sdk)
            .property("tenantpool.tracing.slowAcquireThreshold", "0") // statement spans only, however slow the machine
            .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      readOnly(ds, "acme");
      write(ds, "acme");
      List<io.opentelemetry.sdk.trace.data.SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).extracting(span -> span.getAttributes().get(
              io.opentelemetry.api.common.AttributeKey.stringKey("db.namespace")))
          .containsExactly("rpr_acme", "rp_acme");
      assertThat(spans).allSatisfy(span -> assertThat(span.getAttributes().get(
          io.opentelemetry.api.common.AttributeKey.stringKey("tenantpool.tenant"))).isEqualTo("acme"));
    }
  }

  @Test
  void theTenantGuardRefusesAReplicaConnectionUnderAnotherTenant() throws Exception {
    try (TenantPoolDataSource ds = builder().property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build();
        Connection c = ds.getReadOnlyConnection("acme")) {
      try (TenantContext.Scope scope = TenantContext.use("globex")) {
        assertThatThrownBy(() -> read(c)).isInstanceOf(SQLException.class)
            .hasMessageContaining("connection of tenant acme used while TenantContext is globex")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP003");
      }
    }
  }

  @Test
  void aFileCatalogEntryNamesItsReplicas() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, String.join("\n",
        "tenants:",
        "  acme:",
        "    replicas:",
        "      - " + DB.postgresUrl("rpr_acme"),
        "      - " + DB.postgresUrl("rpq_acme"),
        "  globex: {}",
        "  initech:",
        "    url: " + DB.postgresUrl("rp_globex"),
        ""));
    try (TenantPoolDataSource ds = builder().property("tenantpool.catalog", "file:" + file)
        .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}")).build()) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        seen.add(readOnly(ds, "acme"));
      }
      assertThat(seen).containsExactlyInAnyOrder("rpr acme", "rpq acme");
      assertThat(readOnly(ds, "globex")).as("an entry on the template gets the template's replica").isEqualTo("rpr globex");
      assertThat(readOnly(ds, "initech")).as("an entry with a url of its own and no replicas: its primary")
          .isEqualTo("globex");
    }
  }

  @Test
  void aChangedReplicasFieldReachesTheRunningDataSource() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, "tenants.acme.replicas=" + DB.postgresUrl("rpr_acme") + "\n");
    try (TenantPoolDataSource ds = builder().property("tenantpool.catalog", "file:" + file)
        .property("tenantpool.catalog.refreshInterval", "100").build()) {
      assertThat(readOnly(ds, "acme")).isEqualTo("rpr acme");
      Files.writeString(file, "tenants.acme.replicas=" + DB.postgresUrl("rpq_acme") + "\n");
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String answer;
      do {
        TimeUnit.MILLISECONDS.sleep(50);
        answer = readOnly(ds, "acme");
      } while (!answer.equals("rpq acme") && System.nanoTime() - deadline < 0);
      assertThat(answer).isEqualTo("rpq acme");
      // The replica the entry no longer names has no pool left.
      long poolDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (DB.backends("rpr") > 0 && System.nanoTime() - poolDeadline < 0) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(DB.backends("rpr")).isZero();
      // No replicas any more: reads fall back to the primary.
      Files.writeString(file, "tenants.acme.tier=\n");
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      do {
        TimeUnit.MILLISECONDS.sleep(50);
        answer = readOnly(ds, "acme");
      } while (!answer.equals("acme") && System.nanoTime() - deadline < 0);
      assertThat(answer).isEqualTo("acme");
    }
  }

  @Test
  void aCatalogReplicaOnAnotherHostNeedsItsOwnPasswordAndNeverShowsOne() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, String.join("\n",
        "tenants.acme.replicas=jdbc:postgresql://replica.example:5432/acme?password=hunter2",
        "tenants.globex.replicas=jdbc:mysql://replica.example/globex?password=hunter2",
        ""));
    try (TenantPoolDataSource ds = builder().property("tenantpool.catalog", "file:" + file)
        .property("tenantpool.catalog.allowedHosts", "replica.example").build()) {
      SQLException acme = catchThrowableOfType(SQLException.class, () -> ds.getReadOnlyConnection("acme"));
      assertThat(acme.getSQLState()).isEqualTo("22023");
      assertThat(acme.getMessage()).contains("field replicas names the host replica.example:5432",
          "give the entry its own password").doesNotContain("hunter2");
      SQLException globex = catchThrowableOfType(SQLException.class, () -> ds.getReadOnlyConnection("globex"));
      assertThat(globex.getSQLState()).isEqualTo("22023");
      assertThat(globex.getMessage()).contains("field replicas must use the URL's subprotocol jdbc:postgresql:")
          .doesNotContain("hunter2");
      assertThat(ds.pools()).isEmpty();
    }
  }

  @Test
  void aTableCatalogEntryNamesItsReplicasInItsOptions() throws Exception {
    String ddl;
    try (InputStream in = getClass().getResourceAsStream("/dev/tenantpool/catalog/tenantpool_tenants.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = DB.connect(REGISTRY); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS tenantpool_tenants CASCADE");
      s.execute(ddl.substring(0, ddl.indexOf("CREATE FUNCTION")));
      s.execute("INSERT INTO tenantpool_tenants (tenant, options) VALUES ('acme', '{\"replicas\": [\""
          + DB.postgresUrl("rpq_acme") + "\"]}')");
      s.execute("INSERT INTO tenantpool_tenants (tenant, options) VALUES ('globex', '{\"replicas\": \""
          + DB.postgresUrl("rpr_globex") + "\"}')");
      s.execute("INSERT INTO tenantpool_tenants (tenant, options) VALUES ('evil', '{\"replicas\": \""
          + "jdbc:postgresql://elsewhere.example:5432/rpr_acme\"}')");
    }
    try (TenantPoolDataSource ds = builder().property("tenantpool.catalog", DB.postgresUrl(REGISTRY))
        .property("tenantpool.catalog.user", DB.user()).property("tenantpool.catalog.password", DB.password())
        .property("tenantpool.catalog.refreshInterval", "60000").build()) {
      assertThat(readOnly(ds, "acme")).isEqualTo("rpq acme");
      assertThat(readOnly(ds, "globex")).isEqualTo("rpr globex");
      // A replica on a host neither the template nor catalog.allowedHosts names: refused, nothing created.
      SQLException refused = catchThrowableOfType(SQLException.class, () -> ds.getReadOnlyConnection("evil"));
      assertThat(refused.getSQLState()).isEqualTo("22023");
      assertThat(refused.getMessage()).contains("field replicas", "elsewhere.example", "tenantpool.catalog.allowedHosts");
    }
    assertThat(DB.backends("rpq")).isZero();
  }

  @Test
  void aReplicaUrlOfAnotherSubprotocolIsRefusedAtBuild() {
    assertThatThrownBy(() -> builder().property("tenantpool.replicaUrl", "jdbc:mysql://r1/app_{tenant}?password=hunter2")
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantpool.replicaUrl must use the URL's subprotocol jdbc:postgresql:")
        .hasMessageNotContaining("hunter2")
        .cause().extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    assertThatThrownBy(() -> builder().property("tenantpool.replicaUrl", "postgresql://r1/app").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a target JDBC URL");
  }

  @Test
  void theReplicaUrlSettingNeverShowsItsPassword() {
    try (TenantPoolDataSource ds = builder()
        .property("tenantpool.replicaUrl", DB.postgresUrl("rpr_{tenant}?password=hunter2")).build()) {
      assertThat(ds.setting(TenantPoolProperty.REPLICA_URL)).doesNotContain("hunter2").contains("rpr_{tenant}");
      assertThat(ds.toString()).doesNotContain("hunter2");
    }
  }
}
