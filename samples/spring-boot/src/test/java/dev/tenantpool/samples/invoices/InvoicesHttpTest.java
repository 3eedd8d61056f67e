package dev.tenantpool.samples.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application driven over HTTP as its clients drive it, two tenants at once: requests stay in
 * their tenant's database, a missing or invalid tenant is a 400 problem, the actuator reports per
 * tenant and pauses and resumes one, and Flyway migrated both tenants.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.datasource.tenantpool.connection-timeout=1000")
class InvoicesHttpTest {
  private static final String PREFIX = "http";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    LocalDatabase.register(registry, PREFIX);
  }

  @LocalServerPort int port;

  private HttpResponse<String> send(String method, String path, String tenant, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (tenant != null) {
      request.header("X-Tenant-Id", tenant);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path, String tenant) {
    return send("GET", path, tenant, null);
  }

  @Test
  void flywayMigratedBothTenantsDatabases() throws Exception {
    for (String tenant : LocalDatabase.TENANTS) {
      assertThat(LocalDatabase.query(PREFIX, tenant, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
          .as("Flyway's history in %s_%s", PREFIX, tenant).containsExactly("1", "2");
      List<String> customers = JsonPath.read(get("/invoices", tenant).body(), "$[*].customer");
      assertThat(customers).contains("opening fee");
    }
  }

  @Test
  void twoTenantsServedConcurrentlySeeNoRowOfTheOther() throws Exception {
    int threads = 8;
    int rounds = 20;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger foreign = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tenant = LocalDatabase.TENANTS.get(t % 2);
        String other = LocalDatabase.TENANTS.get((t + 1) % 2);
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            HttpResponse<String> created = send("POST", "/invoices", tenant,
                "{\"customer\":\"" + tenant + "-customer\",\"amountCents\":" + (i + 1) + "}");
            HttpResponse<String> listed = get("/invoices", tenant);
            if (created.statusCode() != 201 || listed.statusCode() != 200) {
              failed.incrementAndGet();
              continue;
            }
            List<String> customers = JsonPath.read(listed.body(), "$[*].customer");
            foreign.addAndGet((int) customers.stream().filter(c -> c.startsWith(other)).count());
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(failed).as("requests that failed").hasValue(0);
    assertThat(foreign).as("rows of the other tenant seen").hasValue(0);
    for (String tenant : LocalDatabase.TENANTS) {
      assertThat(LocalDatabase.query(PREFIX, tenant, "SELECT customer FROM invoices WHERE customer LIKE '%-customer'"))
          .as("rows in %s_%s", PREFIX, tenant).hasSize(threads / 2 * rounds).containsOnly(tenant + "-customer");
    }
  }

  @Test
  void aMissingOrInvalidTenantIsA400ProblemAndNeverReachesADatabase() {
    for (String tenant : new String[] {null, "", "acme' OR '1'='1", "postgres", "initech"}) {
      HttpResponse<String> response = get("/invoices", tenant);
      assertThat(response.statusCode()).as("tenant %s", tenant).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      Map<String, Object> problem = JsonPath.read(response.body(), "$");
      assertThat(problem).containsEntry("status", 400).containsEntry("title", "Bad Request").containsKey("detail");
    }
  }

  @Test
  void theActuatorReportsEachTenantsHealthAndPools() {
    for (String tenant : LocalDatabase.TENANTS) {
      assertThat(get("/invoices", tenant).statusCode()).isEqualTo(200);
    }
    String health = get("/actuator/health", null).body();
    assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
    for (String tenant : LocalDatabase.TENANTS) {
      Map<String, Object> details = JsonPath.read(health, "$.components.tenantpool.details.tenants." + tenant);
      assertThat(details).containsEntry("status", "UP").containsEntry("circuit", "CLOSED").containsKeys("active", "idle", "total");
    }
    String pools = get("/actuator/tenantpool", null).body();
    List<String> tenants = JsonPath.read(pools, "$.pools[*].tenant");
    assertThat(tenants).containsExactly("acme", "globex");
    List<Map<String, Object>> rows = JsonPath.read(pools, "$.pools[*]");
    assertThat(rows).allSatisfy(row -> assertThat(row)
        .containsKeys("tenant", "active", "idle", "waiting", "total", "circuit", "paused", "acquireMaxMs"));
  }

  @Test
  void theEndpointPausesATenantWhoseRequestsThenGet503UntilItIsResumed() {
    assertThat(get("/invoices", "acme").statusCode()).isEqualTo(200);
    HttpResponse<String> paused = send("POST", "/actuator/tenantpool/acme/pause", null, null);
    assertThat(paused.statusCode()).isEqualTo(200);
    try {
      HttpResponse<String> waiting = get("/invoices", "acme");
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat((String) JsonPath.read(waiting.body(), "$.detail")).contains("paused");
      assertThat(get("/invoices", "globex").statusCode()).as("the other tenant is served").isEqualTo(200);
      List<Boolean> pausedRows = JsonPath.read(get("/actuator/tenantpool", null).body(), "$.pools[?(@.tenant == 'acme')].paused");
      assertThat(pausedRows).containsExactly(true);
    } finally {
      assertThat(send("POST", "/actuator/tenantpool/acme/resume", null, null).statusCode()).isEqualTo(200);
    }
    assertThat(get("/invoices", "acme").statusCode()).isEqualTo(200);
  }
}
