package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tenantpool.*} keys from the URL query and from the Properties: they take effect, the
 * Properties win over the URL, and the target driver never sees them. Tenant resolution order.
 */
class ConfigurationIT {
  private static final TestDatabase DB = TestDatabase.get();

  @BeforeAll
  static void createTenants() {
    DB.tenants("conf", 3);
  }

  @AfterEach
  void closePools() {
    TenantPoolDriver.closeAll();
  }

  private static Properties login() {
    Properties info = new Properties();
    info.setProperty("user", DB.user());
    info.setProperty("password", DB.password());
    return info;
  }

  private static String tenantOf(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM tenant_info")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Leases connections of t0 until the pool refuses one; returns how many it lent. */
  private static int poolSizeSeen(String url, Properties info) throws SQLException {
    List<Connection> held = new ArrayList<>();
    try (TenantContext.Scope scope = TenantContext.use("t0")) {
      for (int i = 0; i < 20; i++) {
        try {
          held.add(DriverManager.getConnection(url, info));
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as("refusal of a full pool: %s", e.getMessage()).isEqualTo("TP006");
          assertThat(e.getMessage()).contains("tenant t0", "active=" + held.size(), "waiting=");
          return held.size();
        }
      }
      throw new AssertionError("the pool lent 20 connections; maximumPoolSize was not applied");
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  @Test
  void keysInTheUrlQueryTakeEffect() throws SQLException {
    String url = DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=2&tenantpool.connectionTimeout=250");
    assertThat(poolSizeSeen(url, login())).isEqualTo(2);
  }

  @Test
  void keysInThePropertiesTakeEffect() throws SQLException {
    Properties info = login();
    info.setProperty("tenantpool.maximumPoolSize", "3");
    info.setProperty("tenantpool.connectionTimeout", "250");
    assertThat(poolSizeSeen(DB.tenantPoolUrl("conf_{tenant}"), info)).isEqualTo(3);
  }

  @Test
  void propertiesWinOverTheUrl() throws SQLException {
    Properties info = login();
    info.setProperty("tenantpool.maximumPoolSize", "3");
    String url = DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=1&tenantpool.connectionTimeout=250");
    assertThat(poolSizeSeen(url, info)).isEqualTo(3);

    Properties smaller = login();
    smaller.setProperty("tenantpool.maximumPoolSize", "1");
    String larger = DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=4&tenantpool.connectionTimeout=250");
    assertThat(poolSizeSeen(larger, smaller)).isEqualTo(1);
  }

  @Test
  void theBuildersPropertiesWinOverTheUrlToo() throws SQLException {
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=1&tenantpool.connectionTimeout=250"))
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.maximumPoolSize", "2")
        .build();
        Connection first = dataSource.getConnection("t0");
        Connection second = dataSource.getConnection("t0")) {
      assertThatThrownBy(() -> dataSource.getConnection("t0"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP006"));
      assertThat(dataSource.stats("t0").active()).isEqualTo(2);
    }
  }

  @Test
  void theTargetDriverNeverSeesTenantpoolKeys() throws SQLException {
    Properties info = login();
    info.setProperty("tenantpool.minimumIdle", "0");
    info.setProperty("tenantpool.tenant", "t1");
    String url = DB.tenantPoolUrl("conf_{tenant}?ApplicationName=conf-{tenant}&tenantpool.maximumPoolSize=2"
        + "&tenantpool.tenantGuard=true");
    try (Connection c = DriverManager.getConnection(url, info)) {
      assertThat(tenantOf(c)).isEqualTo("t1");
      // pgJDBC reports the URL it was given: placeholders filled in, tenantpool.* keys gone.
      assertThat(c.getMetaData().getURL())
          .isEqualTo("jdbc:postgresql://" + DB.host() + ":" + DB.port() + "/conf_t1?ApplicationName=conf-t1");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_setting('application_name')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("conf-t1");
      }
    }
  }

  @Test
  void getPropertyInfoListsEveryKeyWithTheEffectiveValue() throws SQLException {
    Driver driver = DriverManager.getDriver("jdbc:tenantpool:postgresql://localhost/x");
    assertThat(driver).isInstanceOf(TenantPoolDriver.class);
    Properties info = login();
    info.setProperty("tenantpool.maximumPoolSize", "7");
    DriverPropertyInfo[] infos = driver.getPropertyInfo(
        DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=3&tenantpool.idleTimeout=20000"), info);
    Map<String, DriverPropertyInfo> byKey = Arrays.stream(infos)
        .collect(Collectors.toMap(i -> i.name, Function.identity()));
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(TenantPoolProperty.values()).map(TenantPoolProperty::key).collect(Collectors.toList()));
    assertThat(byKey.get("tenantpool.maximumPoolSize").value).isEqualTo("7");
    assertThat(byKey.get("tenantpool.idleTimeout").value).isEqualTo("20000");
    assertThat(byKey.get("tenantpool.minimumIdle").value).isEqualTo("0");
    assertThat(byKey.get("tenantpool.tenantGuard").choices).containsExactly("true", "false");
    for (DriverPropertyInfo each : infos) {
      assertThat(each.description).as("description of %s", each.name).isNotBlank();
      assertThat(each.required).isFalse();
    }
    assertThat(driver.getPropertyInfo("jdbc:postgresql://localhost/x", new Properties()))
        .as("keys with their defaults for a URL that is not ours").hasSize(TenantPoolProperty.values().length);
  }

  @Test
  void theTenantComesFromTheCallThenTheContextThenTheDefault() throws SQLException {
    String url = DB.tenantPoolUrl("conf_{tenant}?tenantpool.defaultTenant=t2");
    Properties call = login();
    call.setProperty("tenantpool.tenant", "t0");
    try (TenantContext.Scope scope = TenantContext.use("t1")) {
      try (Connection c = DriverManager.getConnection(url, call)) {
        assertThat(((dev.tenantpool.proxy.TenantConnection) c).tenant()).isEqualTo("t0");
      }
      try (Connection c = DriverManager.getConnection(url, login())) {
        assertThat(tenantOf(c)).isEqualTo("t1");
      }
    }
    try (Connection c = DriverManager.getConnection(url, login())) {
      assertThat(tenantOf(c)).isEqualTo("t2");
    }
  }

  @Test
  void aTenantInTheUrlPinsEveryConnectionOfThatUrl() throws SQLException {
    String url = DB.tenantPoolUrl("conf_{tenant}?tenantpool.tenant=t2");
    try (Connection c = DriverManager.getConnection(url, login())) {
      assertThat(tenantOf(c)).isEqualTo("t2");
    }
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(url)
        .username(DB.user()).password(DB.password()).build();
        Connection c = dataSource.getConnection()) {
      assertThat(tenantOf(c)).isEqualTo("t2");
    }
  }

  @Test
  void withNoTenantAndNoDefaultTheErrorSaysHowToSetOne() {
    assertThatThrownBy(() -> DriverManager.getConnection(DB.tenantPoolUrl("conf_{tenant}"), login()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("TenantContext.use")
        .hasMessageContaining("tenantpool.tenant")
        .hasMessageContaining("tenantpool.defaultTenant")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP001"));
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(DB.tenantPoolUrl("conf_{tenant}"))
        .username(DB.user()).password(DB.password()).build()) {
      assertThatThrownBy(dataSource::getConnection)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP001"));
      assertThatThrownBy(() -> dataSource.getConnection((String) null))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP001"));
      assertThat(dataSource.poolCount()).isZero();
    }
  }

  @Test
  void aShortConnectionTimeoutNeedsNoOtherKey() throws SQLException {
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("conf_{tenant}?tenantpool.connectionTimeout=250"))
        .username(DB.user()).password(DB.password()).build();
        Connection c = dataSource.getConnection("t0")) {
      assertThat(tenantOf(c)).isEqualTo("t0");
    }
  }

  @Test
  void theSameUrlAndPropertiesShareOneConfigurationAndItsPools() throws SQLException {
    String url = DB.tenantPoolUrl("conf_{tenant}?tenantpool.maximumPoolSize=1&tenantpool.connectionTimeout=250");
    try (TenantContext.Scope scope = TenantContext.use("t0");
        Connection first = DriverManager.getConnection(url, login())) {
      // A second, equal configuration must reach the same one-connection pool, so it is full.
      assertThatThrownBy(() -> DriverManager.getConnection(url, login()))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP006"));
      Properties perCall = login();
      perCall.setProperty("tenantpool.tenant", "t0");
      assertThatThrownBy(() -> DriverManager.getConnection(url, perCall))
          .as("the per-call tenant is not part of the configuration")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("TP006"));
    }
  }
}
