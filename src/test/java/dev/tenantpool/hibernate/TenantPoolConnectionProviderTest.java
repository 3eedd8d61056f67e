package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantPoolDataSource;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProviderConfigurationException;
import org.junit.jupiter.api.Test;

class TenantPoolConnectionProviderTest {
  private static final String URL = "jdbc:tenantpool:postgresql://localhost:1/app_{tenant}";

  private static TenantPoolConnectionProvider configured(Map<String, Object> settings) {
    TenantPoolConnectionProvider provider = new TenantPoolConnectionProvider();
    provider.configure(settings);
    return provider;
  }

  @Test
  void readsTheJakartaUrlAndTheTenantPoolSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("jakarta.persistence.jdbc.url", URL + "?tenantpool.defaultTenant=fallback");
    settings.put("jakarta.persistence.jdbc.user", "app");
    settings.put("jakarta.persistence.jdbc.password", "s3cret");
    settings.put("tenantpool.maximumPoolSize", 7);
    settings.put("tenantpool.hibernate.rootTenant", "template");
    TenantPoolConnectionProvider provider = configured(settings);
    try {
      assertThat(provider.rootTenant()).isEqualTo("template");
      assertThat(provider.defaultTenant()).isEqualTo("fallback");
      assertThat(provider.unwrap(TenantPoolDataSource.class)).isSameAs(provider.dataSource());
      assertThat(provider.isUnwrappableAs(TenantPoolDataSource.class)).isTrue();
      assertThat(provider.toString()).doesNotContain("s3cret");
    } finally {
      provider.stop();
    }
  }

  @Test
  void fallsBackToHibernatesOwnUrlKeyAndIdentifierForAny() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("hibernate.connection.url", URL);
    settings.put("hibernate.multi_tenant.datasource.identifier_for_any", "meta");
    TenantPoolConnectionProvider provider = configured(settings);
    provider.stop();
    assertThat(provider.rootTenant()).isEqualTo("meta");
  }

  @Test
  void prefersTheRootTenantSettingToTheUrlQuery() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("jakarta.persistence.jdbc.url", URL + "?tenantpool.hibernate.rootTenant=fromUrl");
    settings.put("tenantpool.hibernate.rootTenant", "fromSettings");
    TenantPoolConnectionProvider provider = configured(settings);
    provider.stop();
    assertThat(provider.rootTenant()).isEqualTo("fromSettings");
  }

  @Test
  void refusesAConfigurationWithoutATenantPoolUrl() {
    assertThatThrownBy(() -> configured(Map.of("jakarta.persistence.jdbc.url", "jdbc:postgresql://db/app?password=hunter2")))
        .isInstanceOf(ConnectionProviderConfigurationException.class)
        .hasMessageContaining("jdbc:tenantpool:")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> configured(Map.of()))
        .isInstanceOf(ConnectionProviderConfigurationException.class)
        .hasMessageContaining("no URL was set");
  }

  @Test
  void refusesAnUnknownTenantPoolSetting() {
    assertThatThrownBy(() -> configured(Map.of(
            "jakarta.persistence.jdbc.url", URL, "tenantpool.hibernate.rootTenat", "x")))
        .isInstanceOf(ConnectionProviderConfigurationException.class)
        .hasMessageContaining("tenantpool.hibernate.rootTenat");
  }

  @Test
  void refusesAnInvalidTenantPoolValueNamingTheKey() {
    assertThatThrownBy(() -> configured(Map.of(
            "jakarta.persistence.jdbc.url", URL, "tenantpool.maximumPoolSize", "lots")))
        .isInstanceOf(ConnectionProviderConfigurationException.class)
        .hasMessageContaining("tenantpool.maximumPoolSize")
        .hasMessageContaining("lots");
  }

  @Test
  void explainsHowToSetARootTenantWhenHibernateAsksForAnyConnection() {
    TenantPoolConnectionProvider provider = configured(Map.of("jakarta.persistence.jdbc.url", URL));
    try {
      assertThatThrownBy(provider::getAnyConnection)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("tenantpool.hibernate.rootTenant")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("TP001");
    } finally {
      provider.stop();
    }
  }

  @Test
  void usesAnApplicationOwnedDataSourceAndDoesNotCloseIt() throws Exception {
    try (TenantPoolDataSource shared = TenantPoolDataSource.builder().url(URL).build()) {
      TenantPoolConnectionProvider provider =
          configured(Map.of("hibernate.connection.datasource", shared, "tenantpool.hibernate.rootTenant", "t0"));
      assertThat(provider.dataSource()).isSameAs(shared);
      provider.stop();
      // Still open: an invalid tenant is refused by validation (TP002), not as closed (TP007).
      assertThatThrownBy(() -> shared.getConnection("a'b"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("TP002");
    }
  }

  @Test
  void closesTheDataSourceItBuiltWhenStopped() {
    TenantPoolConnectionProvider provider = configured(Map.of("jakarta.persistence.jdbc.url", URL));
    provider.stop();
    assertThatThrownBy(() -> provider.getConnection("t0"))
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("TP007");
  }

  @Test
  void acceptsTierKeysLikeEveryOtherEntryPoint() {
    TenantPoolConnectionProvider provider = configured(Map.of(
        "jakarta.persistence.jdbc.url", URL, "tenantpool.tier.pro.maximumPoolSize", "20"));
    try {
      assertThat(provider.dataSource()).isNotNull();
    } finally {
      provider.stop();
    }
    assertThatThrownBy(() -> configured(Map.of(
            "jakarta.persistence.jdbc.url", URL, "tenantpool.tier.pro.maximumPoolSize", "lots")))
        .isInstanceOf(ConnectionProviderConfigurationException.class)
        .hasMessageContaining("tenantpool.tier.pro.maximumPoolSize");
  }

  @Test
  void takesTheRootAndDefaultTenantOfAnApplicationsDataSource() {
    try (TenantPoolDataSource shared = TenantPoolDataSource.builder()
        .url(URL + "?tenantpool.defaultTenant=fallback&tenantpool.hibernate.rootTenant=meta").build()) {
      TenantPoolConnectionProvider fromSettings = configured(Map.of("jakarta.persistence.nonJtaDataSource", shared));
      assertThat(fromSettings.defaultTenant()).isEqualTo("fallback");
      assertThat(fromSettings.rootTenant()).isEqualTo("meta");
      TenantPoolConnectionProvider given = new TenantPoolConnectionProvider(shared);
      given.configure(Map.of("tenantpool.defaultTenant", "override"));
      assertThat(given.defaultTenant()).as("a Hibernate setting still wins").isEqualTo("override");
      assertThat(given.rootTenant()).isEqualTo("meta");
    }
  }
}
