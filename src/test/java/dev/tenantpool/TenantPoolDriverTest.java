package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JDBC driver contract, as pgJDBC keeps it; no database needed. */
class TenantPoolDriverTest {
  private final TenantPoolDriver driver = new TenantPoolDriver();

  @Test
  void theServiceFileNamesTheDriver() {
    List<Class<?>> drivers = ServiceLoader.load(Driver.class).stream()
        .map(ServiceLoader.Provider::type)
        .collect(Collectors.toList());
    assertThat(drivers).contains(TenantPoolDriver.class);
  }

  @Test
  void driverManagerKnowsTheDriver() throws SQLException {
    assertThat(DriverManager.drivers().map(d -> d.getClass().getName()))
        .contains(TenantPoolDriver.class.getName());
    assertThat(DriverManager.getDriver("jdbc:tenantpool:postgresql://db/app_{tenant}"))
        .isInstanceOf(TenantPoolDriver.class);
  }

  @Test
  void acceptsExactlyTheUrlsThatStartWithItsPrefixAndParse() {
    assertThat(driver.acceptsURL("jdbc:tenantpool:postgresql://db:5432/app_{tenant}")).isTrue();
    assertThat(driver.acceptsURL("jdbc:tenantpool:postgresql://db/app?tenantpool.maximumPoolSize=3")).isTrue();
    assertThat(driver.acceptsURL("jdbc:postgresql://db/app")).isFalse();
    assertThat(driver.acceptsURL("JDBC:TENANTPOOL:postgresql://db/app")).isFalse();
    assertThat(driver.acceptsURL("jdbc:tenantpool:")).isFalse();
    assertThat(driver.acceptsURL("jdbc:tenantpool:jdbc:postgresql://db/app")).isFalse();
    assertThat(driver.acceptsURL(null)).isFalse();
  }

  @Test
  void connectReturnsNullForAnotherDriversUrl() throws SQLException {
    assertThat(driver.connect("jdbc:postgresql://localhost/app", new Properties())).isNull();
    assertThat(driver.connect("jdbc:stub:x", null)).isNull();
  }

  @Test
  void reportsItsVersionAndThatComplianceIsTheTargets() {
    assertThat(driver.getMajorVersion()).isZero();
    assertThat(driver.getMinorVersion()).isEqualTo(1);
    assertThat(driver.jdbcCompliant()).isFalse();
  }
}
