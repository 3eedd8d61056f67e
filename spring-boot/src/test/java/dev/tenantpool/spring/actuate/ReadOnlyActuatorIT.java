package dev.tenantpool.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.tenantpool.PoolView;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.StarterDatabase;
import dev.tenantpool.spring.web.Http;
import dev.tenantpool.spring.web.WebApp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The endpoint as Boot keeps sensitive ones: read-only until management.endpoint.tenantpool.access
 * says otherwise; and a health contributor told to go DOWN for a tenant's outage does so.
 */
@SpringBootTest(classes = WebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.flyway.enabled=false",
    "spring.datasource.name=readonly",
    "spring.datasource.tenantpool.tenants=acme,globex",
    "spring.datasource.tenantpool.connection-timeout=500",
    "spring.datasource.tenantpool.breaker.minimum-calls=2",
    "spring.datasource.tenantpool.breaker.sliding-window-size=2",
    "spring.datasource.tenantpool.breaker.wait-in-open=60000",
    "management.endpoints.web.exposure.include=health,tenantpool",
    "management.endpoint.health.show-details=always",
    "management.health.tenantpool.tenant-outage-status=DOWN"})
class ReadOnlyActuatorIT {
  private static final String PREFIX = "readonly";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex"));
  }

  @LocalServerPort int port;
  @Autowired TenantPoolDataSource dataSource;

  @Test
  void writeOperationsAreOffUnlessEnabled() throws Exception {
    try (Connection c = dataSource.getConnection("acme")) {
      assertThat(c.isValid(1)).isTrue();
    }
    Http http = new Http(port);
    assertThat(http.get("/actuator/tenantpool").statusCode()).isEqualTo(200);
    assertThat(http.post("/actuator/tenantpool/acme/pause").statusCode()).isBetween(400, 499);
    assertThat(dataSource.pools()).filteredOn(pool -> pool.tenant().equals("acme")).extracting(PoolView::paused)
        .containsExactly(false);
  }

  @Test
  void aConfiguredOutageStatusTurnsHealthDownWhileATenantsCircuitIsOpen() throws Exception {
    try (Connection c = dataSource.getConnection("globex")) {
      assertThat(c.isValid(1)).isTrue();
    }
    StarterDatabase.takeDown(PREFIX, "globex");
    try {
      for (int i = 0; i < 10 && dataSource.circuitState("globex") != dev.tenantpool.CircuitState.OPEN; i++) {
        try (Connection c = dataSource.getConnection("globex")) {
          c.isValid(1);
        } catch (java.sql.SQLException expected) {
          // the database is gone: each failure counts
        }
      }
      HttpResponse<String> health = new Http(port).get("/actuator/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat((String) JsonPath.read(health.body(), "$.components.tenantpool.status")).isEqualTo("DOWN");
    } finally {
      StarterDatabase.bringBack(PREFIX, "globex");
    }
  }
}
