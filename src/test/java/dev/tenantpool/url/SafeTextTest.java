package dev.tenantpool.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void describesEveryKindOfUrlByWhatIsSafe() {
    assertThat(SafeText.url("jdbc:tenantpool:sqlserver://db;databaseName=app_{tenant};password=hunter2"))
        .isEqualTo("jdbc:tenantpool:sqlserver://db/app_{tenant}");
    assertThat(SafeText.url("jdbc:tenantpool:oracle:thin:scott/tiger@//db:1521/{tenant}?tenantpool.maximumPoolSize=3"))
        .isEqualTo("jdbc:tenantpool:oracle://db:1521/{tenant}");
    assertThat(SafeText.url("jdbc:postgresql://reg/registry?password=hunter2")).isEqualTo("jdbc:postgresql://reg/registry");
    assertThat(SafeText.url("file:/etc/tenantpool/tenants.yaml")).isEqualTo("file:/etc/tenantpool/tenants.yaml");
    assertThat(SafeText.url("file:/etc/x?password=hunter2")).isEqualTo("file:?");
    assertThat(SafeText.url("ftp://user:hunter2@host/x")).isEqualTo("ftp:?");
    assertThat(SafeText.url("hunter2")).isEqualTo("?");
    assertThat(SafeText.url("")).isEmpty();
    assertThat(SafeText.url(null)).isNull();
  }

  @Test
  void showsPropertyNamesAndOnlyTheValuesOfHarmlessKeys() {
    Properties properties = new Properties();
    properties.setProperty("user", "app");
    properties.setProperty("currentSchema", "s_{tenant}");
    properties.setProperty("ApplicationName", "odd value; with=stuff");
    properties.setProperty("password", "hunter2");
    properties.setProperty("sslpass", "hunter2");
    properties.setProperty("PWD", "hunter2");
    properties.setProperty("tenantpool.catalog.password", "hunter2");
    properties.setProperty("somethingElse", "hunter2");
    properties.setProperty("odd key=hunter2", "x");
    assertThat(SafeText.properties(properties)).containsExactly(
        entry("?", "***"),
        entry("ApplicationName", "***"),
        entry("PWD", "***"),
        entry("currentSchema", "s_{tenant}"),
        entry("password", "***"),
        entry("somethingElse", "***"),
        entry("sslpass", "***"),
        entry("tenantpool.catalog.password", "***"),
        entry("user", "app"));
    assertThat(SafeText.properties(null)).isEmpty();
  }

  @Test
  void knowsTheNamesOfSecretKeys() {
    for (String key : new String[] {"password", "PASSWORD", "pwd", "sslpassword", "sslpass", "secret", "apiToken",
        "accessKey", "sslkey", "credentials", "tenantpool.catalog.password"}) {
      assertThat(SafeText.isSecretKey(key)).as(key).isTrue();
    }
    for (String key : new String[] {"user", "sslmode", "tenantpool.maximumPoolSize", "tenantpool.catalog"}) {
      assertThat(SafeText.isSecretKey(key)).as(key).isFalse();
    }
  }
}
