package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The cluster budget's keys: what a bad value says, and that its password never shows. */
class ClusterConfigTest {
  private static final String URL = "jdbc:tenantpool:postgresql://db:5432/app_{tenant}";

  private static TenantPoolConfig config(String... keyValues) throws SQLException {
    Properties info = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      info.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return TenantPoolConfig.resolve(URL, info);
  }

  @Test
  void aClusterBudgetNeedsACoordinationDatabase() {
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "30"))
        .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "22023")
        .hasMessageContaining("tenantpool.cluster.url").hasMessageContaining("tenantpool.catalog");
  }

  @Test
  void theCoordinationDatabaseIsPostgreSql() {
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "30", "tenantpool.cluster.url", "jdbc:mysql://db/x"))
        .hasFieldOrPropertyWithValue("SQLState", "22023").hasMessageContaining("must be a jdbc:postgresql: URL");
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "-1"))
        .hasFieldOrPropertyWithValue("SQLState", "22023").hasMessageStartingWith("tenantpool.clusterBudget must be");
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "30", "tenantpool.cluster.url", "jdbc:postgresql://c/x",
        "tenantpool.cluster.heartbeatInterval", "10"))
        .hasFieldOrPropertyWithValue("SQLState", "22023")
        .hasMessageStartingWith("tenantpool.cluster.heartbeatInterval must be");
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "30", "tenantpool.cluster.url", "jdbc:postgresql://c/x",
        "tenantpool.cluster.instance", "web 1"))
        .hasFieldOrPropertyWithValue("SQLState", "22023").hasMessageStartingWith("tenantpool.cluster.instance must be");
    assertThatThrownBy(() -> config("tenantpool.clusterBudget", "3", "tenantpool.cluster.url", "jdbc:postgresql://c/x"))
        .hasFieldOrPropertyWithValue("SQLState", "22023")
        .hasMessage("tenantpool.maximumPoolSize must be at most tenantpool.clusterBudget (3), but was 5");
  }

  @Test
  void theCatalogDatabaseCoordinatesWhenNoClusterUrlIsGiven() throws SQLException {
    TenantPoolConfig config = config("tenantpool.clusterBudget", "30",
        "tenantpool.catalog", "jdbc:postgresql://registry:5432/registry", "tenantpool.catalog.user", "cat");
    assertThat(config.routerSettings("ds", null, null).cluster().url()).isEqualTo("jdbc:postgresql://registry:5432/registry");
    assertThat(config.routerSettings("ds", null, null).cluster().login().getProperty("user")).isEqualTo("cat");
  }

  @Test
  void theClusterPasswordNeverShows() throws SQLException {
    TenantPoolConfig config = config("tenantpool.clusterBudget", "30",
        "tenantpool.cluster.url", "jdbc:postgresql://c:5432/x?password=url-hunter2",
        "tenantpool.cluster.user", "coord", "tenantpool.cluster.password", "prop-hunter2");
    String shown = config + " " + config.routerSettings("ds", null, null) + " "
        + config.setting(TenantPoolProperty.CLUSTER_PASSWORD) + " " + config.setting(TenantPoolProperty.CLUSTER_URL);
    for (java.sql.DriverPropertyInfo info : new TenantPoolDriver().getPropertyInfo(URL, new Properties())) {
      shown += " " + info.value;
    }
    assertThat(shown).doesNotContain("hunter2").contains("coord");
  }
}
