package dev.tenantpool.samples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as the README recommends setting it up (application.properties and
 * TenantPoolConfiguration): TenantPool is the DataSource, Hibernate gets connections tenant by
 * tenant, every tenant's schema is initialised, and caches keep tenants apart.
 */
@SpringBootTest(classes = ClinicApplication.class)
class RecommendedSetupTest {
  private static final String PREFIX = "recommended";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ClinicDatabase.register(registry, PREFIX, "");
  }


  @Autowired DataSource dataSource;
  @Autowired VetRepository vets;
  @Autowired VetService service;
  @Autowired CacheManager caches;

  @Test
  void theApplicationsDataSourceIsTenantPoolWithNoPoolAroundIt() {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
  }

  @Test
  void springSqlInitRanInEveryTenantsDatabase() throws Exception {
    for (String tenant : ClinicDatabase.TENANTS) {
      assertThat(ClinicDatabase.lastNames(PREFIX, tenant)).as("data.sql in clinic_%s", tenant).contains("Carter");
    }
  }

  @Test
  void derivedQueriesBuiltAtStartUpRunInTheCurrentTenant() {
    for (String tenant : ClinicDatabase.TENANTS) {
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        service.hire("Derived", "Query-" + tenant);
        assertThat(vets.findByLastNameOrderByFirstName("Query-" + tenant)).hasSize(1);
        assertThat(vets.lastNames()).contains("Query-" + tenant).noneMatch(n -> n.startsWith("Query-") && !n.endsWith(tenant));
      }
    }
  }

  @Test
  void fourTenantsStayApartUnderConcurrency() throws Exception {
    int threads = 8;
    int rounds = 20;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger foreign = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tenant = ClinicDatabase.TENANTS.get(t % ClinicDatabase.TENANTS.size());
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            try (TenantContext.Scope scope = TenantContext.use(tenant)) {
              service.hire("Busy", "Busy-" + tenant);
              for (String name : vets.lastNames()) {
                if (name.startsWith("Busy-") && !name.equals("Busy-" + tenant)) {
                  foreign.incrementAndGet();
                }
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(foreign).hasValue(0);
    for (String tenant : ClinicDatabase.TENANTS) {
      assertThat(ClinicDatabase.lastNames(PREFIX, tenant)).filteredOn(n -> n.startsWith("Busy-"))
          .as("rows in clinic_%s", tenant).hasSize(2 * rounds).containsOnly("Busy-" + tenant);
      assertThat(((TenantPoolDataSource) dataSource).circuitState(tenant)).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void cachedResultsAreKeptPerTenant() {
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      service.hire("Cached", "Globex-Only");
    }
    List<String> globex;
    List<String> initech;
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      globex = service.allVets();
      assertThat(service.allVets()).as("the cached entry").isEqualTo(globex);
    }
    try (TenantContext.Scope scope = TenantContext.use("initech")) {
      initech = service.allVets();
    }
    assertThat(globex).contains("Cached Globex-Only");
    assertThat(initech).as("initech never sees globex's cached vets").doesNotContain("Cached Globex-Only");
    assertThat(caches.getCache("vets").get(new SimpleKey("globex", SimpleKey.EMPTY)))
        .as("the results really are cached, under a key that names the tenant").isNotNull();
  }
}
