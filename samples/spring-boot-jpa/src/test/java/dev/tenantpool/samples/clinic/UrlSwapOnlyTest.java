package dev.tenantpool.samples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import dev.tenantpool.samples.apps.SingleTenantApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A single-tenant Spring Boot application whose only change is its JDBC URL (url-swap.properties):
 * Boot wraps its own HikariCP pool (10 connections) around TenantPool (5 per tenant), and every
 * connection belongs to the URL's default tenant. It starts, works, and keeps working while
 * Boot's pool asks for connections the tenant's pool cannot give.
 */
@SpringBootTest(classes = SingleTenantApp.class, properties = "spring.config.location=classpath:/url-swap.properties")
class UrlSwapOnlyTest {
  private static final String PREFIX = "urlswap";


  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ClinicDatabase.register(registry, PREFIX, "?tenantpool.defaultTenant=acme");
  }


  @Autowired DataSource dataSource;
  @Autowired VetRepository vets;
  @Autowired VetService service;

  @Test
  void startsAndWorksInTheDefaultTenantsDatabaseWhileBootsPoolWantsMoreThanItGets() throws Exception {
    assertThat(dataSource).as("what a URL swap gives: Boot's own pool around the driver").isInstanceOf(HikariDataSource.class);
    service.hire("Helen", "Leary");
    assertThat(vets.findByLastNameOrderByFirstName("Leary")).hasSize(1);
    assertThat(ClinicDatabase.lastNames(PREFIX, "acme")).contains("Carter", "Leary");
    assertThat(ClinicDatabase.hasVets(PREFIX, "globex")).as("Boot's spring.sql.init ran for the default tenant only").isFalse();
    // Boot's pool keeps trying to fill itself; the application must keep working meanwhile.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() - deadline < 0) {
      assertThat(vets.lastNames()).contains("Leary");
      Thread.sleep(100);
    }
    assertThat(((HikariDataSource) dataSource).getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(5);
  }
}
