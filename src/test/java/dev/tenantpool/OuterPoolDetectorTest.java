package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OuterPoolDetectorTest {
  @Test
  void recognisesTheWellKnownPoolsByPackage() {
    assertThat(OuterPoolDetector.poolOf("com.zaxxer.hikari.pool.HikariPool")).isEqualTo("HikariCP");
    assertThat(OuterPoolDetector.poolOf("org.apache.commons.dbcp2.BasicDataSource")).isEqualTo("Apache Commons DBCP");
    assertThat(OuterPoolDetector.poolOf("com.mchange.v2.c3p0.ComboPooledDataSource")).isEqualTo("c3p0");
    assertThat(OuterPoolDetector.poolOf("org.apache.tomcat.jdbc.pool.ConnectionPool")).isEqualTo("Tomcat JDBC Pool");
  }

  @Test
  void ignoresEverythingElse() {
    assertThat(OuterPoolDetector.poolOf("java.sql.DriverManager")).isNull();
    assertThat(OuterPoolDetector.poolOf("dev.tenantpool.TenantPoolDriver")).isNull();
    assertThat(OuterPoolDetector.poolOf("com.zaxxerhikari.Lookalike")).isNull();
  }

  @Test
  void reportsNothingWhenNoPoolIsOnTheStack() {
    int before = OuterPoolDetector.reported().size();
    OuterPoolDetector.check("jdbc:postgresql://db/app_{tenant}", 5);
    assertThat(OuterPoolDetector.reported()).hasSize(before);
  }

  @Test
  void theWarningSaysWhatToDoAboutTenantsAndAboutSizes() {
    String message = OuterPoolDetector.message("HikariCP", "jdbc:postgresql://db/app_{tenant}", 5);
    assertThat(message)
        .contains("HikariCP is opening connections of jdbc:postgresql://db/app_{tenant}")
        .contains("SQLState TP003")
        .contains("tenantpool.maximumPoolSize=5")
        .contains("at most 5 connections")
        .contains("spring.datasource.hikari.maximum-pool-size")
        .contains("use TenantPoolDataSource");
  }
}
