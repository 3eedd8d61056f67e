package dev.tenantpool.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCatalogTest {
  @TempDir
  Path dir;
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private TenantCatalog open(Path file, long refreshMs) throws SQLException {
    return TenantCatalog.open(new CatalogSettings("file:" + file, "t", "c", refreshMs, 10_000, new Properties()), scheduler);
  }

  @Test
  void readsAPropertiesCatalogWithTiers() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, String.join("\n",
        "tenants.acme.url=jdbc:postgresql://db:5432/acme",
        "tenants.acme.user=acme_app",
        "tenants.acme.password=hunter2",
        "tenants.acme.tier=pro",
        "tenants.acme.breaker.waitInOpen=5000",
        "tenants.initech.url=",
        "tiers.pro.maximumPoolSize=20"));
    try (TenantCatalog catalog = open(file, 60_000)) {
      TenantSpec acme = catalog.lookup("acme");
      assertThat(acme.url()).isEqualTo("jdbc:postgresql://db:5432/acme");
      assertThat(acme.user()).isEqualTo("acme_app");
      assertThat(acme.password()).isEqualTo("hunter2");
      assertThat(acme.tier()).isEqualTo("pro");
      assertThat(acme.options()).containsEntry("breaker.waitInOpen", "5000").hasSize(1);
      assertThat(acme.problem()).isNull();
      assertThat(catalog.lookup("initech").url()).isNull();
      assertThat(catalog.lookup("globex")).isNull();
      assertThat(catalog.tier("pro").options()).containsEntry("maximumPoolSize", "20");
      assertThat(catalog.tier("free")).isNull();
    }
  }

  @Test
  void readsAYamlCatalogLikeTheSamePropertiesOne() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, YamlCatalogReaderTest.CATALOG);
    try (TenantCatalog catalog = open(file, 60_000)) {
      assertThat(catalog.lookup("acme").options()).containsEntry("maximumPoolSize", "12");
      assertThat(catalog.lookup("globex-2").options()).containsEntry("breaker.waitInOpen", "5000");
      assertThat(catalog.lookup("initech")).isNotNull();
      assertThat(catalog.tier("free").options()).containsEntry("maximumPoolSize", "2");
      assertThat(catalog.describe()).isEqualTo("file:" + file);
    }
  }

  @Test
  void marksAMalformedEntryWithoutFailingTheOthers() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, String.join("\n",
        "tenants:",
        "  good:",
        "    tier: pro",
        "  badurl:",
        "    url: postgresql://db/x?password=hunter2",
        "  scalar: just-a-value",
        "  badtier:",
        "    tier: not a name"));
    try (TenantCatalog catalog = open(file, 60_000)) {
      assertThat(catalog.lookup("good").problem()).isNull();
      assertThat(catalog.lookup("badurl").problem()).contains("field url").doesNotContain("hunter2");
      assertThat(catalog.lookup("scalar").problem()).contains("mapping of fields");
      assertThat(catalog.lookup("badtier").problem()).contains("field tier");
    }
  }

  @Test
  void refusesAFileThatDoesNotParseNamingTheFileAndLine() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, "tenants:\n  acme:\n    password: \"hunter2\n");
    assertThatThrownBy(() -> open(file, 60_000))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3")
        .hasMessageNotContaining("hunter2")
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    // Valid YAML of the wrong shape: the field is named, its value is not.
    Files.writeString(file, "tenants:\n  acme:\n    password: [hunter2]\n");
    assertThatThrownBy(() -> open(file, 60_000))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("field password must be a value or a mapping, not a list")
        .hasMessageNotContaining("hunter2");
    Path other = dir.resolve("tenants.txt");
    Files.writeString(other, "");
    assertThatThrownBy(() -> open(other, 60_000)).hasMessageContaining(".properties, .yaml or .yml");
    assertThatThrownBy(() -> open(dir.resolve("missing.yaml"), 60_000)).hasMessageContaining("cannot be read");
    Path stray = dir.resolve("stray.properties");
    Files.writeString(stray, "tenant.acme.url=jdbc:postgresql://db/acme\n");
    assertThatThrownBy(() -> open(stray, 60_000)).hasMessageContaining("tenants.<tenant>.");
  }

  @Test
  void rereadsAChangedFileAndNamesTheTenantsThatChanged() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, "tenants.acme.tier=pro\ntenants.globex.tier=free\ntiers.pro.maximumPoolSize=20\n"
        + "tiers.free.maximumPoolSize=2\n");
    try (TenantCatalog catalog = open(file, 100)) {
      List<String> changed = new CopyOnWriteArrayList<>();
      catalog.addListener(changed::add);
      // acme's tier changes its definition, initech is new, globex is unchanged.
      Files.writeString(file, "tenants.acme.tier=pro\ntenants.globex.tier=free\ntenants.initech.tier=free\n"
          + "tiers.pro.maximumPoolSize=30\ntiers.free.maximumPoolSize=2\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      awaitTrue(() -> changed.size() >= 2);
      assertThat(catalog.lookup("initech")).isNotNull();
      assertThat(changed).containsExactlyInAnyOrder("acme", "initech");

      // A version that does not parse leaves the last good one in force.
      Files.writeString(file, "tenants.acme.tier=pro\nnonsense=1\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
      TimeUnit.MILLISECONDS.sleep(400);
      assertThat(catalog.lookup("initech")).isNotNull();
    }
  }

  /** Writes {@code text} and moves the modification time on, so the next check sees a change whatever the clock's grain. */
  private static void rewrite(Path file, String text, int secondsAhead) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
  }

  @Test
  void reportsATenantRemovedOnlyWhenReadingsASecondApartConfirmIt() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, "tenants.acme.tier=pro\ntenants.globex.tier=pro\n");
    try (TenantCatalog catalog = open(file, 100)) {
      List<String> changed = new CopyOnWriteArrayList<>();
      catalog.addListener(changed::add);
      long removedAt = System.nanoTime();
      rewrite(file, "tenants.acme.tier=pro\n", 5);
      TimeUnit.MILLISECONDS.sleep(500); // several checks, each of which reads the file
      assertThat(changed).as("reported after one reading").isEmpty();
      assertThat(catalog.lookup("globex")).as("still routable until confirmed").isNotNull();

      awaitTrue(() -> changed.contains("globex"));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removedAt))
          .isGreaterThanOrEqualTo(RefreshingCatalog.REMOVAL_CONFIRM_MS);
      assertThat(catalog.lookup("globex")).isNull();
      assertThat(changed).containsExactly("globex");
    }
  }

  @Test
  void keepsATenantThatOneReadingMissesAndTheNextListsAgain() throws Exception {
    Path file = dir.resolve("tenants.properties");
    String both = "tenants.acme.tier=pro\ntenants.globex.tier=pro\n";
    Files.writeString(file, both);
    try (TenantCatalog catalog = open(file, 100)) {
      List<String> changed = new CopyOnWriteArrayList<>();
      catalog.addListener(changed::add);
      rewrite(file, "tenants.acme.tier=pro\n", 5); // as a reader sees a file half written
      TimeUnit.MILLISECONDS.sleep(400);
      rewrite(file, both, 10);
      TimeUnit.MILLISECONDS.sleep(RefreshingCatalog.REMOVAL_CONFIRM_MS + 500);
      assertThat(changed).as("tenants reported changed").isEmpty();
      assertThat(catalog.lookup("globex")).isNotNull();
    }
  }

  @Test
  void readsOnItsOwnThreadNeverTheSchedulersAndStopsItOnClose() throws Exception {
    Path file = dir.resolve("tenants.properties");
    Files.writeString(file, "tenants.acme.tier=pro\n");
    List<Thread> threads = new CopyOnWriteArrayList<>();
    TenantCatalog catalog = open(file, 100);
    try {
      catalog.addListener(tenant -> threads.add(Thread.currentThread()));
      rewrite(file, "tenants.acme.tier=pro\ntenants.globex.tier=pro\n", 5);
      awaitTrue(() -> !threads.isEmpty());
    } finally {
      catalog.close();
    }
    Thread reader = threads.get(0);
    assertThat(reader.getName()).startsWith("tenantpool-catalog-");
    assertThat(reader.isDaemon()).isTrue();
    reader.join(5_000);
    assertThat(reader.isAlive()).as("the catalog's thread after close()").isFalse();
  }

  @Test
  void neverShowsThePasswordInAnEntrysText() throws Exception {
    TenantSpec spec = new TenantSpec("acme", "jdbc:postgresql://db/acme?password=hunter2", "u", "hunter2", null,
        java.util.Map.of(), null);
    assertThat(spec.toString()).doesNotContain("hunter2").contains("password=***");
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 20 s");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
