package dev.tenantpool.samples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import dev.tenantpool.samples.apps.SingleTenantApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring Boot with the URL swapped and Hibernate given TenantPool's two class names, and nothing
 * else (two-class-names.properties): no root tenant, no default tenant, no dialect, Boot's own
 * HikariCP pool left in place. Hibernate starts, Spring Data builds its queries, and four tenants
 * stay apart under concurrency.
 */
@SpringBootTest(classes = SingleTenantApp.class, properties = "spring.config.location=classpath:/two-class-names.properties")
class TwoClassNamesTest {
  private static final String PREFIX = "twonames";


  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ClinicDatabase.register(registry, PREFIX, "");
  }

  @BeforeAll
  static void schemas() throws Exception {
    ClinicDatabase.createSchemas(PREFIX);
  }

  @Autowired VetRepository vets;
  @Autowired VetService service;

  @Test
  void startsAndKeepsFourTenantsApartUnderConcurrency() throws Exception {
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
              service.hire("Two", "Names-" + tenant);
              assertThat(vets.findByLastNameOrderByFirstName("Names-" + tenant)).isNotEmpty();
              for (String name : vets.lastNames()) {
                if (!name.equals("Names-" + tenant)) {
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
      assertThat(ClinicDatabase.lastNames(PREFIX, tenant)).as("rows in clinic_%s", tenant)
          .hasSize(2 * rounds).containsOnly("Names-" + tenant);
    }
  }
}
