package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
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
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "enterprise").timers()).isNotEmpty();
      assertThat(registry.find("tenantpool.connection.acquire").tag("tier", "free").timers()).isNotEmpty();
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
    Files.writeString(file, "tenants:\n  - acme\n");
    assertThatThrownBy(() -> dataSource(file, new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("sequences");
  }
}
