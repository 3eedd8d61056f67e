package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogResolverTest {
  @TempDir
  Path dir;

  private Path catalogFile() throws Exception {
    Path file = dir.resolve("tenants.yaml");
    Files.writeString(file, String.join("\n",
        "tenants:",
        "  acme:",
        "    url: jdbc:postgresql://db-eu:5432/acme_{tenant}",
        "    user: acme_app",
        "    password: hunter2",
        "    tier: pro",
        "    maximumPoolSize: 12",
        "  globex:",
        "    tier: pro",
        "  initech:",
        "  lots:",
        "    maximumPoolSize: lots",
        "  typo:",
        "    maxPoolSize: 3",
        "  platinum:",
        "    tier: platinum",
        "  crowded:",
        "    tier: pro",
        "    minimumIdle: 25",
        "tiers:",
        "  pro:",
        "    maximumPoolSize: 20",
        "    connectionTimeout: 30000",
        "    breaker:",
        "      waitInOpen: 10000",
        "  free:",
        "    maximumPoolSize: 2",
        ""));
    return file;
  }

  private TenantResolver resolver(String query, Properties call) throws Exception {
    String url = "jdbc:tenantpool:postgresql://db:5432/app_{tenant}?tenantpool.catalog=file:" + catalogFile() + query;
    return TenantPoolConfig.resolve(url, call).openResolver();
  }

  private static Properties call(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void appliesEntryThenTierThenCallPropertiesThenUrlThenDefaults() throws Exception {
    Properties call = call("user", "app", "password", "app-secret",
        "tenantpool.connectionTimeout", "6000",
        "tenantpool.tier.pro.maximumPoolSize", "16");
    try (TenantResolver resolver = resolver(
        "&tenantpool.maximumPoolSize=3&tenantpool.tier.pro.maximumPoolSize=15&tenantpool.idleTimeout=20000", call)) {
      TenantTarget acme = resolver.resolve("acme");
      assertThat(acme.pool().maximumPoolSize()).as("1 - the entry's own").isEqualTo(12);
      assertThat(acme.pool().connectionTimeoutMs()).as("2 - the tier in the catalog, over the call").isEqualTo(30000);
      assertThat(acme.breaker().waitInOpenMs()).as("2 - nested tier key").isEqualTo(10000);
      assertThat(acme.pool().idleTimeoutMs()).as("4 - the URL").isEqualTo(20000);
      assertThat(acme.pool().maxLifetimeMs()).as("5 - the default").isEqualTo(1_800_000);
      assertThat(acme.url()).isEqualTo("jdbc:postgresql://db-eu:5432/acme_acme");
      assertThat(acme.user()).isEqualTo("acme_app");
      assertThat(acme.properties().getProperty("password")).isEqualTo("hunter2");
      assertThat(acme.tier()).isEqualTo("pro");

      TenantTarget globex = resolver.resolve("globex");
      assertThat(globex.pool().maximumPoolSize()).as("2 - tier key in the call, over the URL's and the file's")
          .isEqualTo(16);
      assertThat(globex.url()).as("no url: the template").isEqualTo("jdbc:postgresql://db:5432/app_globex");
      assertThat(globex.user()).as("no user: the data source's").isEqualTo("app");

      TenantTarget initech = resolver.resolve("initech");
      assertThat(initech.pool().maximumPoolSize()).as("4 - the URL").isEqualTo(3);
      assertThat(initech.pool().connectionTimeoutMs()).as("3 - the call").isEqualTo(6000);
      assertThat(initech.tier()).isEqualTo(TenantTarget.DEFAULT_TIER);
    }
  }

  @Test
  void refusesATenantTheCatalogDoesNotListUnlessFallbackIsOn() throws Exception {
    try (TenantResolver resolver = resolver("", call())) {
      assertState(() -> resolver.resolve("umbrella"), "TP008", "umbrella", "templateFallback");
    }
    try (TenantResolver resolver = resolver("&tenantpool.catalog.templateFallback=true", call())) {
      TenantTarget umbrella = resolver.resolve("umbrella");
      assertThat(umbrella.url()).isEqualTo("jdbc:postgresql://db:5432/app_umbrella");
      assertThat(umbrella.tier()).isEqualTo(TenantTarget.DEFAULT_TIER);
    }
  }

  @Test
  void failsOnlyTheTenantWhoseEntryIsMalformedNamingEntryAndField() throws Exception {
    try (TenantResolver resolver = resolver("", call())) {
      assertState(() -> resolver.resolve("lots"), "22023", "entry lots", "field maximumPoolSize", "\"lots\"");
      assertState(() -> resolver.resolve("typo"), "22023", "entry typo", "unknown field \"maxPoolSize\"");
      assertState(() -> resolver.resolve("platinum"), "22023", "entry platinum", "\"platinum\"");
      assertState(() -> resolver.resolve("crowded"), "22023", "entry crowded", "tenantpool.minimumIdle");
      assertThat(resolver.resolve("acme").pool().maximumPoolSize()).isEqualTo(12);
    }
  }

  @Test
  void neverPrintsAPasswordOfTheCatalog() throws Exception {
    try (TenantResolver resolver = resolver("&tenantpool.catalog.password=cat-secret", call("password", "app-secret"))) {
      TenantTarget acme = resolver.resolve("acme");
      assertThat(acme.toString()).doesNotContain("hunter2").doesNotContain("app-secret");
      assertThat(resolver.toString()).doesNotContain("hunter2");
    }
    TenantPoolConfig config = TenantPoolConfig.resolve("jdbc:tenantpool:postgresql://db/app_{tenant}"
        + "?tenantpool.catalog=jdbc:postgresql://reg/registry?password%3Dcat-url-secret", call(
            "tenantpool.catalog.password", "cat-secret"));
    assertThat(config.toString()).doesNotContain("cat-secret").doesNotContain("cat-url-secret");
    DriverPropertyInfo[] infos = new TenantPoolDriver().getPropertyInfo("jdbc:tenantpool:postgresql://db/app_{tenant}"
        + "?tenantpool.catalog=jdbc:postgresql://reg/registry?password%3Dcat-url-secret", call(
            "tenantpool.catalog.password", "cat-secret"));
    assertThat(Arrays.toString(Arrays.stream(infos).map(i -> i.name + "=" + i.value).toArray()))
        .doesNotContain("cat-secret").doesNotContain("cat-url-secret");
  }

  @Test
  void validatesTierKeysLikeEveryOtherKey() {
    String base = "jdbc:tenantpool:postgresql://db/app_{tenant}?";
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.tier.pro.maximumPoolSize=lots", null),
        "22023", "tenantpool.tier.pro.maximumPoolSize must be an integer", "\"lots\"");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.tier.pro.tenantGuard=false", null),
        "22023", "unknown tier key tenantpool.tier.pro.tenantGuard", "maximumPoolSize");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.tier.maximumPoolSize=3", null),
        "22023", "tenantpool.tier.<name>.<key>");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.tier.pro.minimumIdle=9", null),
        "22023", "tier pro", "tenantpool.minimumIdle must be at most tenantpool.maximumPoolSize (5)");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.tierz=1", null), "22023", "unknown key tenantpool.tierz");
  }

  @Test
  void validatesTheCatalogKeys() {
    String base = "jdbc:tenantpool:postgresql://db/app_{tenant}?";
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.catalog=http://reg/x", null),
        "22023", "tenantpool.catalog must be file:");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.catalog=jdbc:postgresql://reg/x"
        + "&tenantpool.catalog.table=t;DROP", null), "22023", "tenantpool.catalog.table must be a table name");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.catalog=jdbc:postgresql://reg/x"
        + "&tenantpool.catalog.refreshInterval=5", null), "22023", "tenantpool.catalog.refreshInterval");
    assertState(() -> TenantPoolConfig.resolve(base + "tenantpool.catalog=file:" + dir.resolve("none.yaml"), null)
        .openResolver(), "22023", "cannot be read");
  }

  @Test
  void listsTheCatalogAndTierKeysInThePropertyInfo() throws Exception {
    DriverPropertyInfo[] infos = new TenantPoolDriver().getPropertyInfo(
        "jdbc:tenantpool:postgresql://db/app_{tenant}?tenantpool.tier.pro.maximumPoolSize=20", null);
    assertThat(Arrays.stream(infos).map(i -> i.name)).contains("tenantpool.catalog", "tenantpool.catalog.table",
        "tenantpool.catalog.refreshInterval", "tenantpool.catalog.templateFallback", "tenantpool.tier.pro.maximumPoolSize");
  }

  @Test
  void keepsThePropertyEnumSortedByKey() {
    String previous = "";
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      assertThat(property.key()).as("after " + previous).isGreaterThan(previous);
      previous = property.key();
    }
  }

  private static void assertState(ThrowingCallable call, String state, String... fragments) {
    assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state))
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain("hunter2"));
  }
}
