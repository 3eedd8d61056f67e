package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenantpool.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is refused with its documented SQLState and a message that names the fix, before
 * anything reaches the server; no password ever shows in a message or a {@code toString()}.
 */
class BadInputIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "badin";
  /** Distinctive, so that finding it anywhere in a message is a leak. */
  private static final String SECRET = "Qx7-Sekret-Zebra-91";

  @BeforeAll
  static void createTenant() throws SQLException {
    DB.tenants(PREFIX, 1);
    DB.requirePasswords();
    try (Connection admin = DB.admin(); Statement s = admin.createStatement()) {
      s.execute("DROP ROLE IF EXISTS badin_app");
      s.execute("CREATE ROLE badin_app LOGIN PASSWORD 'the-right-one'");
    }
  }

  @AfterEach
  void noConnectionReachedTheServer() throws SQLException {
    TenantPoolDriver.closeAll();
  }

  @AfterAll
  static void closePools() {
    TenantPoolDriver.closeAll();
  }

  private static Properties login() {
    Properties info = new Properties();
    info.setProperty("user", DB.user());
    info.setProperty("password", DB.password());
    return info;
  }

  private static String url(String query) {
    return DB.tenantPoolUrl(PREFIX + "_{tenant}" + query);
  }

  private static SQLException refused(String url, Properties info) {
    Throwable thrown;
    try (TenantContext.Scope scope = TenantContext.use("t0")) {
      thrown = catchThrowable(() -> DriverManager.getConnection(url, info).close());
    }
    assertThat(thrown).as("getConnection(%s)", url).isInstanceOf(SQLException.class);
    return (SQLException) thrown;
  }

  private static void assertNoBackends() throws SQLException {
    assertThat(DB.backends(PREFIX)).as("backends on %s_* databases", PREFIX).isZero();
  }

  @ParameterizedTest(name = "{0}={1} -> 22023")
  @CsvSource(delimiter = '|', value = {
    "tenantpool.maxPoolSize      | 5      | unknown key tenantpool.maxPoolSize; known tenantpool.* keys are",
    "tenantpool.tenantpattern    | x      | unknown key tenantpool.tenantpattern",
    "tenantpool.maximumPoolSize  | lots   | tenantpool.maximumPoolSize must be an integer from 1 to 10000, but was \"lots\"",
    "tenantpool.maximumPoolSize  | 0      | tenantpool.maximumPoolSize must be an integer from 1 to 10000, but was \"0\"",
    "tenantpool.maximumPoolSize  | 10001  | tenantpool.maximumPoolSize must be an integer from 1 to 10000",
    "tenantpool.maximumPoolSize  | 2.5    | tenantpool.maximumPoolSize must be an integer",
    "tenantpool.minimumIdle      | -1     | tenantpool.minimumIdle must be an integer from 0 to 10000",
    "tenantpool.minimumIdle      | 6      | tenantpool.minimumIdle must be at most tenantpool.maximumPoolSize (5), but was 6",
    "tenantpool.connectionTimeout| 100    | tenantpool.connectionTimeout must be a duration in milliseconds of at least 250",
    "tenantpool.connectionTimeout| 10s    | tenantpool.connectionTimeout must be a duration in milliseconds",
    "tenantpool.idleTimeout      | 5000   | tenantpool.idleTimeout must be 0 or a duration in milliseconds of at least 10000",
    "tenantpool.idleTimeout      | 1900000| tenantpool.idleTimeout must be below tenantpool.maxLifetime (1800000)",
    "tenantpool.maxLifetime      | 1000   | tenantpool.maxLifetime must be 0 or a duration in milliseconds of at least 30000",
    "tenantpool.leakDetectionThreshold | 1000 | tenantpool.leakDetectionThreshold must be 0 or a duration in milliseconds of at least 2000",
    "tenantpool.leakDetectionThreshold | 1800000 | tenantpool.leakDetectionThreshold must be below tenantpool.maxLifetime",
    "tenantpool.validationTimeout| 20000  | tenantpool.validationTimeout must be at most tenantpool.connectionTimeout (10000), but was 20000",
    "tenantpool.validationTimeout| 100    | tenantpool.validationTimeout must be a duration in milliseconds of at least 250",
    "tenantpool.shutdownTimeout  | -1     | tenantpool.shutdownTimeout must be a duration in milliseconds, 0 or more",
    "tenantpool.tenantGuard      | maybe  | tenantpool.tenantGuard must be true or false, but was \"maybe\"",
    "tenantpool.tenantPattern    | [a-z   | tenantpool.tenantPattern must be a valid regular expression",
  })
  void aBadKeyOrValueIsRefusedWith22023FromTheUrlThePropertiesAndTheBuilder(String key, String value, String message)
      throws SQLException {
    SQLException fromUrl = refused(url("?" + key + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)), login());
    assertThat(fromUrl.getSQLState()).isEqualTo("22023");
    assertThat(fromUrl.getMessage()).contains(message);

    Properties info = login();
    info.setProperty(key, value);
    SQLException fromProperties = refused(url(""), info);
    assertThat(fromProperties.getSQLState()).isEqualTo("22023");
    assertThat(fromProperties.getMessage()).contains(message);

    assertThatThrownBy(() -> TenantPoolDataSource.builder().url(url("")).property(key, value).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .cause().isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));

    assertNoBackends();
  }

  @Test
  void getPropertyInfoReportsABadKeyWith22023() {
    assertThatThrownBy(() -> DriverManager.getDriver(url("")).getPropertyInfo(url("?tenantpool.bogus=1"), new Properties()))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
  }

  @ParameterizedTest(name = "target URL \"{0}\" -> 22023")
  @CsvSource({
    "jdbc:tenantpool:",
    "jdbc:tenantpool:?tenantpool.tenant=t0",
    "jdbc:tenantpool:jdbc:postgresql://localhost/x",
  })
  void aUrlWithoutATargetIsRefusedWith22023(String url) {
    SQLException e = refused(url, login());
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).contains("without its \"jdbc:\" prefix");
  }

  static List<String> invalidTenantIds() {
    return StubDriverRoutingTest.invalidTenantIds();
  }

  @ParameterizedTest(name = "tenant id #{index} -> TP002")
  @MethodSource("invalidTenantIds")
  void anInvalidTenantIdIsRefusedWithTp002BeforeReachingTheServer(String tenant) throws SQLException {
    // Had the id reached PostgreSQL, the answer would be 3D000 (no such database), not TP002.
    Properties info = login();
    info.setProperty("tenantpool.tenant", tenant);
    assertThat(refused(url(""), info).getSQLState()).isEqualTo("TP002");
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(url(""))
        .username(DB.user()).password(DB.password()).build()) {
      assertThatThrownBy(() -> dataSource.getConnection(tenant))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("does not match tenantpool.tenantPattern")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
      if (!tenant.isBlank()) {
        try (TenantContext.Scope scope = TenantContext.use(tenant)) {
          assertThatThrownBy(dataSource::getConnection)
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
        }
      }
      assertThat(dataSource.poolCount()).isZero();
      assertThat(dataSource.tenants()).isEmpty();
    }
    assertNoBackends();
  }

  @Test
  void anInvalidDefaultOrPinnedTenantIsRefusedWhenTheConfigurationIsRead() {
    assertThat(refused(url("?tenantpool.defaultTenant=a%27b"), login()).getSQLState()).isEqualTo("TP002");
    assertThat(refused(url("?tenantpool.tenant=..%2Fx"), login()).getSQLState()).isEqualTo("TP002");
    assertThatThrownBy(() -> TenantPoolDataSource.builder().url(url("")).property("tenantpool.defaultTenant", "x&user=evil").build())
        .isInstanceOf(IllegalArgumentException.class)
        .cause().satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP002"));
  }

  @Test
  void aTargetNoDriverAcceptsIsRefusedWith08001AndNotCached() {
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url("jdbc:tenantpool:nosuchdb://localhost/{tenant}").build()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> dataSource.getConnection("t0"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no JDBC driver on the classpath accepts the target URL jdbc:nosuchdb://localhost/t0")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        assertThat(dataSource.poolCount()).isZero();
      }
    }
  }

  @Test
  void aMissingDatabaseKeepsTheTargetsSqlState3D000() {
    SQLException e = refused(DB.tenantPoolUrl("badin_nothere_{tenant}"), login());
    assertThat(e.getSQLState()).isEqualTo("3D000");
    assertThat(e.getMessage()).contains("tenant t0", "badin_nothere_t0");
  }

  @Test
  void aWrongPasswordKeepsTheTargetsSqlState28P01() {
    org.junit.jupiter.api.Assumptions.assumeTrue(DB.requirePasswords(), "the external server's authentication is its own");
    Properties info = new Properties();
    info.setProperty("user", "badin_app");
    info.setProperty("password", SECRET);
    SQLException e = refused(url(""), info);
    assertThat(e.getSQLState()).isEqualTo("28P01");
    assertNoSecret(e);
  }

  @Test
  void noPasswordAppearsInAnyMessageOrToString() throws SQLException {
    List<Object> shown = new ArrayList<>();
    Properties withSecret = new Properties();
    withSecret.setProperty("user", "badin_app");
    withSecret.setProperty("password", SECRET);
    // Refusals whose URL or properties carry the secret.
    shown.add(refused(url("?password=" + SECRET + "&tenantpool.bogus=1"), login()));
    shown.add(refused("jdbc:tenantpool:jdbc:postgresql://localhost/x?password=" + SECRET, login()));
    shown.add(refused("jdbc:tenantpool:nosuchdb://user:" + SECRET + "@localhost/{tenant}?password=" + SECRET
        + "&sslpassword=" + SECRET, withSecret));
    shown.add(refused(DB.tenantPoolUrl("badin_nothere_{tenant}?password=" + SECRET), login()));
    shown.add(refused(url(""), withSecret));
    shown.add(catchThrowable(() -> TenantPoolDataSource.builder().url(url("?password=" + SECRET))
        .password(SECRET).property("tenantpool.maximumPoolSize", "lots").build()));
    // Objects that work and are printed in logs.
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(url("?sslpassword=" + SECRET + "&tenantpool.maximumPoolSize=2"))
        .username("badin_app") // refused: the password is wrong
        .password(SECRET)
        .property("apiToken", SECRET)
        .build()) {
      shown.add(dataSource);
      shown.add(dataSource.forTenant("t0"));
      shown.add(catchThrowable(() -> dataSource.getConnection("t0")));
    }
    try (TenantContext.Scope scope = TenantContext.use("t0");
        Connection c = DriverManager.getConnection(url("?sslpassword=" + SECRET), login())) {
      shown.add(c);
      shown.add(c.createStatement());
      shown.add(c.prepareStatement("SELECT 1"));
    }
    for (Object each : shown) {
      assertThat(each).isNotNull();
      assertNoSecret(each);
    }
  }

  private static void assertNoSecret(Object shown) {
    String text;
    if (shown instanceof Throwable) {
      StringWriter trace = new StringWriter();
      ((Throwable) shown).printStackTrace(new PrintWriter(trace));
      text = trace.toString();
    } else {
      text = String.valueOf(shown);
    }
    assertThat(text).as("printed form of %s", shown.getClass().getName()).doesNotContain(SECRET);
  }
}
