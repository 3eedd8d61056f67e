package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every meter of the contract, against the real PostgreSQL, in a {@link SimpleMeterRegistry}. */
class MetricsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = DB.tenants("obsm", 3);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private TenantPoolDataSource dataSource(String name, String... properties) {
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsm_{tenant}"))
        .username(DB.user()).password(DB.password())
        .name(name)
        .meterRegistry(registry)
        .property("tenantpool.tracing", "false")
        .property("tenantpool.maximumPoolSize", "1")
        .property("tenantpool.connectionTimeout", "500")
        .property("tenantpool.validationTimeout", "250");
    for (int i = 0; i < properties.length; i += 2) {
      builder.property(properties[i], properties[i + 1]);
    }
    return builder.build();
  }

  private RequiredSearch meter(String name, String... tags) {
    return registry.get(name).tags(tags);
  }

  @Test
  void everyMeterOfTheContractExistsWithItsTagsAfterTraffic() throws Exception {
    try (TenantPoolDataSource ds = dataSource("metrics")) {
      try (Connection c = ds.getConnection("t0"); Statement s = c.createStatement()) {
        s.executeQuery("SELECT name FROM tenant_info").close();
        s.executeUpdate("INSERT INTO tenant_info VALUES ('x')");
        s.executeUpdate("UPDATE tenant_info SET name = 'y' WHERE name = 'x'");
        s.executeUpdate("DELETE FROM tenant_info WHERE name = 'y'");
        assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table")).isInstanceOf(SQLException.class);
        // While it is held: one active connection, and the next borrow times out.
        assertThat(meter("tenantpool.connections", "tenant", "t0", "state", "active").gauge().value()).isEqualTo(1.0);
        assertThat(meter("tenantpool.connections", "tenant", "t0", "state", "total").gauge().value()).isEqualTo(1.0);
        assertThat(meter("tenantpool.connections", "tenant", "t0", "state", "idle").gauge().value()).isEqualTo(0.0);
        assertThatThrownBy(() -> ds.getConnection("t0"))
            .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP006");
      }
      assertThat(meter("tenantpool.connections", "tenant", "t0", "state", "pending").gauge().value()).isEqualTo(0.0);
      assertThat(meter("tenantpool.connections", "tenant", "t0", "state", "idle").gauge().value()).isEqualTo(1.0);

      // A paused tenant's borrow is rejected once connectionTimeout passes.
      ds.getConnection("t1").close();
      ds.pause("t1");
      assertThatThrownBy(() -> ds.getConnection("t1"))
          .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP005");
      ds.resume("t1");

      // A tenant whose database is missing: errors until its circuit opens, then rejections.
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> ds.getConnection("ghost"))
            .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("3D000");
      }
      assertThatThrownBy(() -> ds.getConnection("ghost")).isInstanceOf(CircuitOpenException.class);

      assertThat(timer("tenantpool.connection.acquire", "tenant", "t0", "outcome", "success").count()).isEqualTo(1);
      assertThat(timer("tenantpool.connection.acquire", "tenant", "t0", "outcome", "timeout").count()).isEqualTo(1);
      assertThat(timer("tenantpool.connection.acquire", "tenant", "t1", "outcome", "rejected").count()).isEqualTo(1);
      assertThat(timer("tenantpool.connection.acquire", "tenant", "ghost", "outcome", "error").count()).isEqualTo(10);
      assertThat(timer("tenantpool.connection.acquire", "tenant", "ghost", "outcome", "rejected").count()).isEqualTo(1);
      assertThat(timer("tenantpool.connection.usage", "tenant", "t0").count()).isEqualTo(1);
      assertThat(timer("tenantpool.connection.usage", "tenant", "t0").totalNanos()).isPositive();
      for (String operation : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
        assertThat(timer("tenantpool.statement.duration", "tenant", "t0", "operation", operation).count())
            .as(operation).isEqualTo(operation.equals("SELECT") ? 2 : 1);
      }
      assertThat(meter("tenantpool.statement.errors", "tenant", "t0", "operation", "SELECT").counter().count()).isEqualTo(1);
      assertThat(registry.find("tenantpool.statement.errors").tags("operation", "INSERT").counter()).isNull();
      assertThat(timer("tenantpool.pool.creation", "tenant", "t0").count()).isEqualTo(1);
      assertThat(meter("tenantpool.pools").gauge().value()).isEqualTo(2.0);

      assertThat(meter("tenantpool.circuit.state", "tenant", "ghost").gauge().value()).isEqualTo(2.0);
      assertThat(meter("tenantpool.circuit.state", "tenant", "t0").gauge().value()).isEqualTo(0.0);
      assertThat(meter("tenantpool.circuit.transitions", "tenant", "ghost", "from", "closed", "to", "open").counter().count())
          .isEqualTo(1);
      assertThat(meter("tenantpool.circuit.rejected", "tenant", "ghost").counter().count()).isEqualTo(1);
      assertThat(meter("tenantpool.connections", "tenant", "ghost", "state", "total").gauge().value()).isEqualTo(0.0);

      assertThat(ds.evict("t1")).isTrue();
      assertThat(meter("tenantpool.pool.evictions", "reason", "explicit").counter().count()).isEqualTo(1);
      assertThat(meter("tenantpool.pools").gauge().value()).isEqualTo(1.0);

      for (Meter m : registry.getMeters()) {
        assertThat(m.getId().getTag("datasource")).as(m.getId().toString()).isEqualTo("metrics");
        assertThat(m.getId().getDescription()).as(m.getId().toString()).isNotBlank();
      }
      // Tags per meter name, as the contract lists them.
      assertThat(tagKeys("tenantpool.connection.acquire")).containsExactly("datasource", "outcome", "tenant");
      assertThat(tagKeys("tenantpool.connection.usage")).containsExactly("datasource", "tenant");
      assertThat(tagKeys("tenantpool.connections")).containsExactly("datasource", "state", "tenant");
      assertThat(tagKeys("tenantpool.statement.duration")).containsExactly("datasource", "operation", "tenant");
      assertThat(tagKeys("tenantpool.statement.errors")).containsExactly("datasource", "operation", "tenant");
      assertThat(tagKeys("tenantpool.circuit.state")).containsExactly("datasource", "tenant");
      assertThat(tagKeys("tenantpool.circuit.transitions")).containsExactly("datasource", "from", "tenant", "to");
      assertThat(tagKeys("tenantpool.circuit.rejected")).containsExactly("datasource", "tenant");
      assertThat(tagKeys("tenantpool.pools")).containsExactly("datasource");
      assertThat(tagKeys("tenantpool.pool.creation")).containsExactly("datasource", "tenant");
      assertThat(tagKeys("tenantpool.pool.evictions")).containsExactly("datasource", "reason");
    }
    assertThat(registry.getMeters()).as("no meter outlives its data source").isEmpty();
  }

  /**
   * The count and total of a series of durations, whichever meter type it is: a FunctionTimer
   * by default (read at scrape time), a Timer with histograms.
   */
  private Durations timer(String name, String... tags) {
    Meter found = meter(name, tags).meter();
    if (found instanceof FunctionTimer) {
      FunctionTimer timer = (FunctionTimer) found;
      return new Durations((long) timer.count(), (long) timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
    }
    Timer timer = (Timer) found;
    return new Durations(timer.count(), (long) timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  private record Durations(long count, long totalNanos) {}

  private Set<String> tagKeys(String name) {
    return registry.find(name).meters().stream()
        .flatMap(m -> m.getId().getTags().stream().map(t -> t.getKey()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theMetersOfAnEvictedPoolAreRemoved() throws Exception {
    try (TenantPoolDataSource ds = dataSource("evict")) {
      for (String tenant : List.of("t0", "t1")) {
        try (Connection c = ds.getConnection(tenant); Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      }
      assertThat(registry.find("tenantpool.connection.acquire").tag("tenant", "t1").meters()).isNotEmpty();
      ds.evict("t1");
      assertThat(registry.getMeters()).noneMatch(m -> "t1".equals(m.getId().getTag("tenant")));
      assertThat(registry.find("tenantpool.statement.duration").tag("tenant", "t0").functionTimers()).hasSize(1);
      // It comes back with the tenant's next pool.
      ds.getConnection("t1").close();
      assertThat(timer("tenantpool.connection.acquire", "tenant", "t1", "outcome", "success").count()).isEqualTo(1);
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void aTenantWhoseCatalogEntryWasFixedLosesItsStaleCircuitSeries(@TempDir Path dir) throws Exception {
    Path catalog = dir.resolve("tenants.yaml");
    Files.writeString(catalog, "tenants:\n  fixme:\n    url: " + DB.postgresUrl("obsm_missing") + "\n");
    try (TenantPoolDataSource ds = dataSource("fixed",
        "tenantpool.catalog", "file:" + catalog,
        "tenantpool.catalog.refreshInterval", "100",
        "tenantpool.breaker.minimumCalls", "2",
        "tenantpool.breaker.slidingWindowSize", "2")) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> ds.getConnection("fixme")).isInstanceOf(SQLException.class);
      }
      assertThat(meter("tenantpool.circuit.state", "tenant", "fixme").gauge().value()).isEqualTo(2.0);
      Files.writeString(catalog, "tenants:\n  fixme:\n    url: " + DB.postgresUrl("obsm_t0") + "\n");
      Files.setLastModifiedTime(catalog, FileTime.from(Instant.now().plusSeconds(5)));
      long deadline = System.nanoTime() + 10_000_000_000L;
      Connection connection = null;
      while (connection == null && System.nanoTime() < deadline) {
        try {
          connection = ds.getConnection("fixme");
        } catch (SQLException stillOpen) {
          Thread.sleep(100);
        }
      }
      assertThat(connection).as("the fixed entry is used").isNotNull();
      connection.close();
      // One member in the tenant's series: the new breaker (closed), not the forgotten open one.
      assertThat(meter("tenantpool.circuit.state", "tenant", "fixme").gauge().value()).isEqualTo(0.0);
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenant", "tier", "none"})
  void theTenantTagIsTheUsersChoice(String tenantTag) throws Exception {
    try (TenantPoolDataSource ds = dataSource("card-" + tenantTag, "tenantpool.metrics.tenantTag", tenantTag)) {
      traffic(ds, "t0");
      int seriesWithOneTenant = registry.getMeters().size();
      traffic(ds, "t1");
      traffic(ds, "t2");
      int seriesWithThreeTenants = registry.getMeters().size();
      switch (tenantTag) {
        case "tenant":
          assertThat(seriesWithThreeTenants).isGreaterThan(seriesWithOneTenant);
          assertThat(registry.find("tenantpool.connection.acquire").tag("tenant", "t2").meters()).isNotEmpty();
          break;
        case "tier":
          assertThat(seriesWithThreeTenants).isEqualTo(seriesWithOneTenant);
          assertThat(registry.getMeters()).allMatch(m -> m.getId().getTag("tenant") == null);
          assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "default").meters()).isNotEmpty();
          break;
        default:
          assertThat(seriesWithThreeTenants).isEqualTo(seriesWithOneTenant);
          assertThat(registry.getMeters())
              .allMatch(m -> m.getId().getTag("tenant") == null && m.getId().getTag("tier") == null);
          // One series for all: three idle connections, three successful borrows.
          assertThat(meter("tenantpool.connections", "state", "idle").gauge().value()).isEqualTo(3.0);
          assertThat(timer("tenantpool.connection.acquire", "outcome", "success").count()).isEqualTo(3);
          ds.evict("t0");
          assertThat(meter("tenantpool.connections", "state", "idle").gauge().value()).isEqualTo(2.0);
          break;
      }
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  private static void traffic(TenantPoolDataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection(tenant); Statement s = c.createStatement()) {
      s.executeQuery("SELECT name FROM tenant_info").close();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void percentileHistogramsAreOptIn(boolean histograms) throws Exception {
    // Buckets are what a histogram costs: one series per bucket, as a Prometheus scrape shows them.
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsm_{tenant}")).username(DB.user()).password(DB.password())
        .meterRegistry(prometheus)
        .property("tenantpool.metrics.histograms", String.valueOf(histograms))
        .build()) {
      traffic(ds, "t0");
      String scrape = prometheus.scrape();
      for (String name : List.of("tenantpool_connection_acquire_seconds", "tenantpool_connection_usage_seconds",
          "tenantpool_statement_duration_seconds", "tenantpool_pool_creation_seconds")) {
        assertThat(scrape).contains(name + "_count{", name + "_sum{", name + "_max{");
        assertThat(scrape.contains(name + "_bucket{")).as(name).isEqualTo(histograms);
      }
    }
  }

  @Test
  void aHealthyTenantCostsTwentySeriesAndAFailureAddsItsOwn() throws Exception {
    // The figure docs/observability.md quotes for sizing Prometheus: a tenant running SELECT and
    // UPDATE, nothing failed yet.
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obsm_{tenant}")).username(DB.user()).password(DB.password())
        .name("series").meterRegistry(prometheus)
        .property("tenantpool.maximumPoolSize", "1")
        .property("tenantpool.connectionTimeout", "300")
        .property("tenantpool.validationTimeout", "250")
        .build()) {
      try (Connection c = ds.getConnection("t0"); Statement s = c.createStatement()) {
        s.executeQuery("SELECT name FROM tenant_info").close();
        s.executeUpdate("UPDATE tenant_info SET name = name WHERE false");
      }
      assertThat(seriesOf(prometheus.scrape(), "t0")).hasSize(20);
      try (Connection held = ds.getConnection("t0")) {
        assertThatThrownBy(() -> ds.getConnection("t0")).isInstanceOf(SQLException.class);
      }
      assertThat(seriesOf(prometheus.scrape(), "t0")).as("a timeout's count, sum and max").hasSize(23)
          .anyMatch(series -> series.startsWith("tenantpool_connection_acquire_seconds_count")
              && series.contains("outcome=\"timeout\""));
    }
  }

  private static List<String> seriesOf(String scrape, String tenant) {
    return scrape.lines().filter(line -> !line.startsWith("#") && line.contains("tenant=\"" + tenant + "\""))
        .map(line -> line.substring(0, line.lastIndexOf(' '))).collect(Collectors.toList());
  }

  @Test
  void thePoolsGaugeKeepsCountingAfterGarbageCollection() throws Exception {
    try (TenantPoolDataSource ds = dataSource("gc")) {
      traffic(ds, "t0");
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      assertThat(meter("tenantpool.pools", "datasource", "gc").gauge().value()).isEqualTo(1.0);
    }
  }
}
