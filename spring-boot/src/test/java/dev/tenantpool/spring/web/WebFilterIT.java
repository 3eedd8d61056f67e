package dev.tenantpool.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.StarterDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The request's tenant from the X-Tenant-Id header: each request runs for its tenant; no tenant,
 * or one TenantPool refuses, is a 400 with a problem-details body and never runs; a paused tenant
 * is a 503 once its wait is over, while the other tenants are served.
 */
@SpringBootTest(classes = WebApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.flyway.enabled=false",
    "spring.datasource.tenantpool.connection-timeout=500",
    "spring.datasource.tenantpool.web.exclude-paths=/public"})
class WebFilterIT {
  private static final String PREFIX = "web";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex"));
  }

  @LocalServerPort int port;
  @Autowired TenantPoolDataSource dataSource;

  private Http http() {
    return new Http(port);
  }

  @Test
  void eachRequestRunsForTheTenantItsHeaderNames() {
    for (String tenant : List.of("acme", "globex")) {
      HttpResponse<String> response = http().get("/whoami", "X-Tenant-Id", tenant);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat((String) JsonPath.read(response.body(), "$.context")).isEqualTo(tenant);
      assertThat((String) JsonPath.read(response.body(), "$.database")).isEqualTo(tenant);
    }
  }

  @Test
  void aRequestWithoutATenantIsA400ProblemAndNeverRuns() {
    HttpResponse<String> response = http().get("/whoami");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat((Integer) JsonPath.read(response.body(), "$.status")).isEqualTo(400);
    assertThat((String) JsonPath.read(response.body(), "$.title")).isEqualTo("Bad Request");
    assertThat((String) JsonPath.read(response.body(), "$.detail")).contains("X-Tenant-Id");
    assertThat((String) JsonPath.read(response.body(), "$.instance")).isEqualTo("/whoami");
  }

  @Test
  void anInvalidOrReservedTenantIsA400ProblemAndReachesNoDatabase() {
    for (String tenant : List.of("acme;drop", "../acme", "postgres", "Template1", "a".repeat(64))) {
      HttpResponse<String> response = http().get("/whoami", "X-Tenant-Id", tenant);
      assertThat(response.statusCode()).as("tenant %s", tenant).isEqualTo(400);
      assertThat((String) JsonPath.read(response.body(), "$.detail")).contains("not a valid tenant id");
      assertThat(response.body()).doesNotContain(tenant);
    }
    assertThat(dataSource.tenants()).doesNotContain("postgres", "Template1");
  }

  @Test
  void excludedPathsAndTheActuatorNeedNoTenant() {
    HttpResponse<String> ping = http().get("/public/ping");
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(ping.body(), "$.context")).isEqualTo("(none)");
    assertThat(http().get("/actuator/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aPausedTenantIsA503AfterItsWaitWhileOtherTenantsAreServed() throws Exception {
    assertThat(http().get("/whoami", "X-Tenant-Id", "globex").statusCode()).isEqualTo(200);
    dataSource.pause("globex");
    try {
      long start = System.nanoTime();
      HttpResponse<String> paused = http().get("/whoami", "X-Tenant-Id", "globex");
      assertThat(paused.statusCode()).isEqualTo(503);
      assertThat((String) JsonPath.read(paused.body(), "$.detail")).contains("paused");
      assertThat((String) JsonPath.read(paused.body(), "$.tenant")).isEqualTo("globex");
      assertThat((System.nanoTime() - start) / 1_000_000).as("waited connectionTimeout for a resume").isGreaterThanOrEqualTo(450);
      assertThat(http().get("/whoami", "X-Tenant-Id", "acme").statusCode()).isEqualTo(200);
    } finally {
      dataSource.resume("globex");
    }
    assertThat(http().get("/whoami", "X-Tenant-Id", "globex").statusCode()).isEqualTo(200);
  }
}
