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
    // acme's own URL is on db-eu, which the template does not name.
    String url = "jdbc:tenantpool:postgresql://db:5432/app_{tenant}?tenantpool.catalog=file:" + catalogFile()
        + "&tenantpool.catalog.allowedHosts=db-eu:5432" + query;
    return TenantPoolConfig.resolve(url, call).openResolver();
  }

  /** A resolver of a catalog whose entries are {@code yaml} (under {@code tenants:}), behind {@code template}. */
  private TenantResolver resolverOf(String template, String query, Properties call, String... yaml) throws Exception {
    Path file = dir.resolve("entries.yaml");
    Files.writeString(file, "tenants:\n" + String.join("\n", yaml) + "\n");
    return TenantPoolConfig.resolve(template + "?tenantpool.catalog=file:" + file + query, call).openResolver();
  }

  @Test
  void refusesAnEntryWhoseUrlLeavesTheTemplatesHostsOrDriver() throws Exception {
    try (TenantResolver resolver = resolverOf("jdbc:tenantpool:postgresql://db:5432,db-replica:5432/app_{tenant}", "",
        call("user", "app", "password", "app-secret"),
        "  elsewhere:",
        "    url: jdbc:postgresql://attacker.example:5432/acme",
        "    password: own-secret",
        "  otherport:",
        "    url: jdbc:postgresql://db:6543/acme",
        "  otherdriver:",
        "    url: jdbc:mysql://db:5432/acme",
        "  byparameter:",
        "    url: jdbc:postgresql://db:5432/acme?sslmode=require&PGHOST=attacker.example",
        "  byservice:",
        "    url: jdbc:postgresql://db:5432/acme?service=elsewhere",
        "  byfactory:",
        "    url: jdbc:postgresql://db:5432/acme?socketFactory=x.Relay&socketFactoryArg=attacker.example",
        "  nohost:",
        "    url: jdbc:postgresql:acme",
        "  userinfo:",
        "    url: jdbc:postgresql://attacker.example@db:5432/acme",
        "  multihost:",
        "    url: jdbc:postgresql://db:5432,attacker.example:5432/acme",
        "  replica:",
        "    url: jdbc:postgresql://db-replica:5432/acme_{tenant}",
        "  plain:")) {
      assertState(() -> resolver.resolve("elsewhere"), "22023", "entry elsewhere", "field url",
          "host attacker.example:5432", "tenantpool.catalog.allowedHosts (unset)", "[db:5432, db-replica:5432]");
      assertState(() -> resolver.resolve("otherport"), "22023", "entry otherport", "field url", "host db:6543");
      assertState(() -> resolver.resolve("otherdriver"), "22023", "entry otherdriver", "field url",
          "subprotocol jdbc:postgresql:", "jdbc:mysql:");
      assertState(() -> resolver.resolve("byparameter"), "22023", "entry byparameter", "field url", "sets PGHOST");
      assertState(() -> resolver.resolve("byservice"), "22023", "entry byservice", "sets service");
      assertState(() -> resolver.resolve("byfactory"), "22023", "entry byfactory", "sets socketFactory");
      assertState(() -> resolver.resolve("nohost"), "22023", "entry nohost", "field url must name its servers");
      assertState(() -> resolver.resolve("userinfo"), "22023", "entry userinfo", "not host[:port]");
      assertState(() -> resolver.resolve("multihost"), "22023", "entry multihost", "host attacker.example:5432");
      // The template's own hosts are fine, and so they get the data source's password.
      TenantTarget replica = resolver.resolve("replica");
      assertThat(replica.url()).isEqualTo("jdbc:postgresql://db-replica:5432/acme_replica");
      assertThat(replica.properties().getProperty("password")).isEqualTo("app-secret");
      assertThat(resolver.resolve("plain").url()).isEqualTo("jdbc:postgresql://db:5432,db-replica:5432/app_plain");
    }
  }

  @Test
  void sendsTheSharedPasswordOnlyToTheTemplatesHosts() throws Exception {
    String allowed = "&tenantpool.catalog.allowedHosts=db-eu-1,%20db-us-1:5433,*.tenants.example.com";
    try (TenantResolver resolver = resolverOf("jdbc:tenantpool:postgresql://db:5432/app_{tenant}", allowed,
        call("user", "app", "password", "app-secret"),
        "  eu:",
        "    url: jdbc:postgresql://DB-EU-1:6000/eu",
        "    password: eu-secret",
        "  us:",
        "    url: jdbc:postgresql://db-us-1:5433/us",
        "    user: us_app",
        "    password: us-secret",
        "  uswrongport:",
        "    url: jdbc:postgresql://db-us-1:5432/us",
        "    password: us-secret",
        "  wild:",
        "    url: jdbc:postgresql://acme.eu.tenants.example.com:5432/wild",
        "    password: wild-secret",
        "  wildroot:",
        "    url: jdbc:postgresql://tenants.example.com:5432/wild",
        "    password: wild-secret",
        "  lookalike:",
        "    url: jdbc:postgresql://eviltenants.example.com:5432/wild",
        "    password: wild-secret",
        "  borrower:",
        "    url: jdbc:postgresql://db-eu-1:5432/borrower",
        "    user: borrower_app")) {
      assertThat(resolver.resolve("eu").properties().getProperty("password")).isEqualTo("eu-secret");
      TenantTarget us = resolver.resolve("us");
      assertThat(us.user()).isEqualTo("us_app");
      assertThat(us.properties().getProperty("password")).isEqualTo("us-secret");
      assertThat(resolver.resolve("wild").url()).isEqualTo("jdbc:postgresql://acme.eu.tenants.example.com:5432/wild");
      assertState(() -> resolver.resolve("uswrongport"), "22023", "host db-us-1:5432");
      assertState(() -> resolver.resolve("wildroot"), "22023", "host tenants.example.com:5432");
      assertState(() -> resolver.resolve("lookalike"), "22023", "host eviltenants.example.com:5432");
      // An allowed host, but no password of its own: it would get the data source's. Refused instead.
      assertState(() -> resolver.resolve("borrower"), "22023", "entry borrower", "field url", "host db-eu-1:5432",
          "no password of its own", "give the entry its own password");
    }
    // Without a data source password there is nothing to leak: an allowed host needs none of its own.
    try (TenantResolver resolver = resolverOf("jdbc:tenantpool:postgresql://db:5432/app_{tenant}", allowed, call(),
        "  borrower:",
        "    url: jdbc:postgresql://db-eu-1:5432/borrower")) {
      assertThat(resolver.resolve("borrower").url()).isEqualTo("jdbc:postgresql://db-eu-1:5432/borrower");
    }
  }

  @Test
  void matchesATenantPlaceholderInTheTemplatesHostWithThatTenantsHostOnly() throws Exception {
    try (TenantResolver resolver = resolverOf("jdbc:tenantpool:postgresql://{tenant}.db.internal:5432/app", "",
        call("password", "app-secret"),
        "  acme:",
        "    url: jdbc:postgresql://acme.db.internal:5432/acme_v2",
        "  globex:",
        "    url: jdbc:postgresql://acme.db.internal:5432/acme_v2")) {
      TenantTarget acme = resolver.resolve("acme");
      assertThat(acme.url()).isEqualTo("jdbc:postgresql://acme.db.internal:5432/acme_v2");
      assertThat(acme.properties().getProperty("password")).isEqualTo("app-secret");
      assertState(() -> resolver.resolve("globex"), "22023", "entry globex", "host acme.db.internal:5432",
          "[globex.db.internal:5432]");
    }
  }

  @Test
  void validatesTheAllowedHosts() {
    String base = "jdbc:tenantpool:postgresql://db/app_{tenant}?tenantpool.catalog.allowedHosts=";
    assertState(() -> TenantPoolConfig.resolve(base + "db-1,db/2", null), "22023",
        "tenantpool.catalog.allowedHosts must be", "\"db/2\" is not a host name");
    assertState(() -> TenantPoolConfig.resolve(base + "db-1:99999", null), "22023", "\"db-1:99999\"");
    assertState(() -> TenantPoolConfig.resolve(base + "*", null), "22023", "\"*\"");
    assertState(() -> TenantPoolConfig.resolve(base + "db.*.example.com", null), "22023", "\"db.*.example.com\"");
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
