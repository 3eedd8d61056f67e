package dev.tenantpool.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.StarterDatabase;
import dev.tenantpool.spring.web.Http;
import dev.tenantpool.spring.web.WebApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The actuator with the starter: per-tenant health where one tenant's outage leaves the
 * application UP, the SHOW POOLS endpoint with pause, resume and evict, meters in Boot's
 * registry, spans to Boot's OpenTelemetry bean, and the MXBean under the data source's name.
 */
@SpringBootTest(classes = {WebApp.class, ActuatorIT.Tracing.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.flyway.enabled=false",
        "spring.datasource.name=actuated",
        "spring.datasource.tenantpool.tenants=acme,globex,initech",
        "spring.datasource.tenantpool.register-mbeans=true",
        "spring.datasource.tenantpool.connection-timeout=500",
        "spring.datasource.tenantpool.breaker.minimum-calls=2",
        "spring.datasource.tenantpool.breaker.sliding-window-size=2",
        "spring.datasource.tenantpool.breaker.wait-in-open=60000",
        "management.endpoints.web.exposure.include=health,tenantpool,metrics",
        "management.endpoint.health.show-details=always",
        "management.endpoint.tenantpool.access=unrestricted",
        // Percentiles need the driver's timers, which it publishes with histograms on.
        "spring.datasource.tenantpool.metrics.histograms=true",
        "management.metrics.distribution.percentiles[tenantpool.connection.acquire]=0.99"})
class ActuatorIT {
  private static final String PREFIX = "actuated";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex", "initech"));
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Tracing {
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @Bean
    OpenTelemetry openTelemetry() {
      return OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
          .build();
    }
  }

  @LocalServerPort int port;
  @Autowired TenantPoolDataSource dataSource;
  @Autowired MeterRegistry meters;

  private Http http() {
    return new Http(port);
  }

  private void serve(String tenant) {
    assertThat(http().get("/whoami", "X-Tenant-Id", tenant).statusCode()).as("a request for %s", tenant).isEqualTo(200);
  }

  @Test
  void healthShowsEachTenantAndOneTenantsOutageLeavesTheApplicationUp() throws Exception {
    serve("acme");
    serve("initech");
    StarterDatabase.takeDown(PREFIX, "initech");
    try {
      int status = 0;
      for (int i = 0; i < 10 && status != 503; i++) {
        status = http().get("/whoami", "X-Tenant-Id", "initech").statusCode();
      }
      assertThat(status).as("initech's circuit opened: its requests fail fast").isEqualTo(503);

      HttpResponse<String> health = http().get("/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      String body = health.body();
      assertThat((String) JsonPath.read(body, "$.status")).isEqualTo("UP");
      assertThat((String) JsonPath.read(body, "$.components.tenantpool.status")).isEqualTo("UP");
      List<String> circuitOpen = JsonPath.read(body, "$.components.tenantpool.details.circuitOpen");
      assertThat(circuitOpen).containsExactly("initech");
      Map<String, Object> initech = JsonPath.read(body, "$.components.tenantpool.details.tenants.initech");
      assertThat(initech).containsEntry("status", "DOWN").containsEntry("circuit", "OPEN");
      assertThat((String) initech.get("lastError")).isNotBlank();
      Map<String, Object> acme = JsonPath.read(body, "$.components.tenantpool.details.tenants.acme");
      assertThat(acme).containsEntry("status", "UP").containsEntry("circuit", "CLOSED").containsKeys("active", "idle", "total");
      Map<String, Object> components = JsonPath.read(body, "$.components");
      assertThat(components).as("no db check of a DataSource without a tenant").doesNotContainKey("db");
      serve("acme");
    } finally {
      StarterDatabase.bringBack(PREFIX, "initech");
    }
  }

  @Test
  void theEndpointListsThePoolsAsShowPoolsDoes() {
    serve("acme");
    serve("globex");
    HttpResponse<String> response = http().get("/actuator/tenantpool");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(response.body(), "$.dataSource")).isEqualTo("actuated");
    List<Map<String, Object>> acme = JsonPath.read(response.body(), "$.pools[?(@.tenant == 'acme')]");
    assertThat(acme).singleElement().satisfies(row -> {
      assertThat(row).containsKeys("active", "idle", "waiting", "total", "circuit", "paused", "acquireMaxMs", "acquireP99Ms");
      assertThat(row).containsEntry("circuit", "CLOSED").containsEntry("paused", false).containsEntry("active", 0);
      assertThat(((Number) row.get("total")).intValue()).isPositive();
      assertThat(((Number) row.get("acquireP99Ms")).doubleValue()).isNotNegative();
    });
    assertThat(http().get("/actuator/tenantpool/globex").statusCode()).isEqualTo(200);
    assertThat(http().get("/actuator/tenantpool/nobody").statusCode()).as("no pool").isEqualTo(404);
  }

  @Test
  void theEndpointPausesResumesAndEvictsOneTenant() {
    serve("globex");
    HttpResponse<String> paused = http().post("/actuator/tenantpool/globex/pause");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat((Boolean) JsonPath.read(paused.body(), "$.pool.paused")).isTrue();
    try {
      HttpResponse<String> waiting = http().get("/whoami", "X-Tenant-Id", "globex");
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat((String) JsonPath.read(waiting.body(), "$.detail")).contains("paused");
      serve("acme");
    } finally {
      assertThat(http().post("/actuator/tenantpool/globex/resume").statusCode()).isEqualTo(200);
    }
    serve("globex");

    HttpResponse<String> evicted = http().post("/actuator/tenantpool/globex/evict");
    assertThat(evicted.statusCode()).isEqualTo(200);
    assertThat((Boolean) JsonPath.read(evicted.body(), "$.done")).isTrue();
    assertThat(dataSource.tenants()).doesNotContain("globex");
    serve("globex");

    assertThat(http().post("/actuator/tenantpool/globex/drop").statusCode()).isEqualTo(400);
    assertThat(http().post("/actuator/tenantpool/no%20such/pause").statusCode()).isEqualTo(400);
  }

  @Test
  void metersGoToBootsRegistryAndSpansToBootsOpenTelemetry() {
    serve("acme");
    Timer acquire = meters.find("tenantpool.connection.acquire")
        .tags("datasource", "actuated", "tenant", "acme", "outcome", "success").timer();
    assertThat(acquire).isNotNull();
    assertThat(acquire.count()).isPositive();
    assertThat(http().get("/actuator/metrics/tenantpool.connection.acquire").statusCode()).isEqualTo(200);
    assertThat(Tracing.SPANS.getFinishedSpanItems())
        .anySatisfy(span -> assertThat(span.getAttributes().get(AttributeKey.stringKey("tenantpool.tenant"))).isEqualTo("acme"));
  }

  @Test
  void theMXBeanIsRegisteredUnderTheDataSourcesName() throws Exception {
    serve("acme");
    ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=actuated");
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(name)).isTrue();
    assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "PoolCount")).isEqualTo(dataSource.poolCount());
  }
}
