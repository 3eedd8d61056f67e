package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties and YAML catalogs with tiers, through the data source and through DriverManager. */
class FileCatalogIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "fcat";

  @TempDir
  Path dir;

  @BeforeAll
  static void createDatabases() {
    DB.tenants(PREFIX, 4);
  }

  @AfterAll
  static void closeDriverPools() {
    TenantPoolDriver.closeAll();
  }

  private Path yaml() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, String.join("\n",
        "# acme lives in t0's database; globex and initech use the URL template",
        "tenants:",
        "  acme:",
        "    url: " + DB.postgresUrl(PREFIX + "_t0"),
        "    tier: enterprise",
        "  t1:",
        "    tier: free",
        "  t2:",
        "    tier: free",
        "    maximumPoolSize: 2",
        "  broken:",
        "    tier: free",
        "    connectionTimeout: soon",
        "tiers:",
        "  free:",
        "    maximumPoolSize: 1",
        "    connectionTimeout: 300",
        "    validationTimeout: 250",
        "  enterprise:",
        "    maximumPoolSize: 20",
        ""));
    return file;
  }

  private TenantPoolDataSource dataSource(Path catalog, SimpleMeterRegistry registry) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.catalog", "file:" + catalog)
        .property("tenantpool.catalog.refreshInterval", "100")
        .property("tenantpool.metrics.tenantTag", "tier")
        .meterRegistry(registry)
        .build();
  }

  @Test
  void routesAndSizesTenantsByAYamlCatalogWithTiers() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TenantPoolDataSource dataSource = dataSource(yaml(), registry)) {
      try (Connection acme = dataSource.getConnection("acme")) {
        assertThat(TableCatalogIT.tenantOf(acme)).as("the entry's own URL").isEqualTo("t0");
      }
      try (Connection only = dataSource.getConnection("t1")) {
        assertThat(TableCatalogIT.tenantOf(only)).as("the template").isEqualTo("t1");
        assertThatThrownBy(() -> dataSource.getConnection("t1"))
            .as("the free tier's pool of one, with its 300 ms timeout")
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP006");
      }
      try (Connection a = dataSource.getConnection("t2"); Connection b = dataSource.getConnection("t2")) {
        assertThat(TableCatalogIT.tenantOf(a) + TableCatalogIT.tenantOf(b)).as("the entry's size over its tier's")
            .isEqualTo("t2t2");
      }
      assertThatThrownBy(() -> dataSource.getConnection("broken"))
          .hasMessageContaining("tenant catalog entry broken in file:" + dir.resolve("tenants.yaml"))
          .hasMessageContaining("field connectionTimeout")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
      assertThatThrownBy(() -> dataSource.getConnection("t3"))
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP008");
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "enterprise").meters()).isNotEmpty();
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "free").meters()).isNotEmpty();
    }
  }

  @Test
  void picksUpATenantAddedToAPropertiesCatalogWhileRunning() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, "tenants.t1.tier=free\ntiers.free.maximumPoolSize=1\n");
    try (TenantPoolDataSource dataSource = dataSource(file, new SimpleMeterRegistry())) {
      assertThat(TableCatalogIT.sqlState(dataSource, "t3")).isEqualTo("TP008");
      Files.writeString(file, "tenants.t1.tier=free\ntiers.free.maximumPoolSize=1\ntenants.t3.tier=free\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      TableCatalogIT.eventually("t3 added", () -> TableCatalogIT.sqlState(dataSource, "t3") == null);
      assertThat(TableCatalogIT.routedTenant(dataSource, "t3")).isEqualTo("t3");
    }
  }

  /**
   * A file rewritten in place is, for a moment, a prefix of itself: a catalog that reads it then
   * misses the tenants not yet written. Many rewrites in two pieces each (split at a line, in a
   * new order every time, so any tenant may be the missing one), against a catalog that checks
   * every 100 ms: no pool may be retired, ever.
   */
  @Test
  void neverRetiresAPoolWhileTheFileIsRewrittenInPieces() throws Exception {
    Path file = dir.resolve("tenants.properties");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      lines.add("tenants.t" + i + ".maximumPoolSize=2\n");
    }
    Files.writeString(file, String.join("", lines));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TenantPoolDataSource dataSource = dataSource(file, registry)) {
      for (int i = 0; i < 4; i++) {
        assertThat(TableCatalogIT.routedTenant(dataSource, "t" + i)).isEqualTo("t" + i);
      }
      Set<String> everMissing = ConcurrentHashMap.newKeySet();
      AtomicInteger rewrites = new AtomicInteger();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        Random random = new Random(42);
        try {
          for (int round = 0; round < 150; round++) {
            List<String> order = new ArrayList<>(lines);
            Collections.shuffle(order, random);
            int cut = 1 + random.nextInt(order.size() - 1);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
              channel.write(ByteBuffer.wrap(String.join("", order.subList(0, cut)).getBytes(StandardCharsets.UTF_8)));
              TimeUnit.MILLISECONDS.sleep(2 + random.nextInt(14));
              channel.write(ByteBuffer.wrap(String.join("", order.subList(cut, order.size()))
                  .getBytes(StandardCharsets.UTF_8)));
            }
            rewrites.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(5 + random.nextInt(21));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      boolean writing = true;
      long watchUntil = 0;
      while (writing || System.nanoTime() - watchUntil < 0) {
        Set<String> pooled = dataSource.tenants();
        for (int i = 0; i < 4; i++) {
          if (!pooled.contains("t" + i)) {
            everMissing.add("t" + i);
          }
        }
        if (writing && writer.isDone()) {
          // A removal would be reported a second after the last partial reading: watch that long and more.
          writing = false;
          watchUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
        }
        TimeUnit.MILLISECONDS.sleep(5);
      }
      writer.get();
      assertThat(rewrites.get()).isEqualTo(150);
      assertThat(everMissing).as("tenants whose pool was retired while the file was rewritten").isEmpty();
      assertThat(registry.find("tenantpool.pool.evictions").counters()).as("pool evictions").isEmpty();
      for (int i = 0; i < 4; i++) {
        assertThat(TableCatalogIT.routedTenant(dataSource, "t" + i)).isEqualTo("t" + i);
      }
    }
  }

  @Test
  void routesThroughDriverManagerWithACatalog() throws Exception {
    String url = DB.tenantPoolUrl(PREFIX + "_{tenant}") + "?tenantpool.catalog=file:" + yaml();
    Properties info = new Properties();
    info.setProperty("user", DB.user());
    info.setProperty("password", DB.password());
    info.setProperty("tenantpool.tenant", "acme");
    try (Connection c = DriverManager.getConnection(url, info)) {
      assertThat(TableCatalogIT.tenantOf(c)).isEqualTo("t0");
    }
    info.setProperty("tenantpool.tenant", "t3");
    assertThatThrownBy(() -> DriverManager.getConnection(url, info))
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP008");
  }

  @Test
  void refusesToBuildWithAnUnparsableCatalogFile() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "tenants:\n  acme: {url: x\n");
    assertThatThrownBy(() -> dataSource(file, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("flow mapping");
    Files.writeString(file, "tenants:\n  - acme\n");
    assertThatThrownBy(() -> dataSource(file, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenants: must be a mapping of entries, not a value or a list");
  }
}
