package dev.tenantpool.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.hibernate.TenantContextResolver;
import dev.tenantpool.hibernate.TenantPoolConnectionProvider;
import dev.tenantpool.spring.StarterDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A JPA application with the starter and a swapped URL: Flyway migrated every listed tenant
 * before Hibernate validated the root tenant's schema, Hibernate borrows from the starter's
 * TenantPoolDataSource tenant by tenant, tenants stay apart under concurrency, and {@code @Async}
 * work runs for the tenant that handed it off.
 */
@SpringBootTest(classes = JpaApp.class, properties = {
    "spring.flyway.locations=classpath:db/jpa",
    // tenant_info (the tests' own table) is there before Flyway: baseline below V1.
    "spring.flyway.baseline-on-migrate=true",
    "spring.flyway.baseline-version=0",
    "spring.datasource.tenantpool.tenants=acme,globex",
    "spring.datasource.tenantpool.hibernate.root-tenant=acme",
    "spring.jpa.hibernate.ddl-auto=validate",
    "spring.jpa.open-in-view=false"})
class JpaIT {
  private static final String PREFIX = "jpa";
  private static final List<String> TENANTS = List.of("acme", "globex");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, TENANTS);
  }

  @Autowired DataSource dataSource;
  @Autowired EntityManagerFactory entityManagerFactory;
  @Autowired NoteRepository notes;
  @Autowired NoteService service;

  @Test
  void flywayMigratedEveryListedTenantsDatabase() throws SQLException {
    for (String tenant : TENANTS) {
      assertThat(StarterDatabase.query(PREFIX, tenant, "SELECT version FROM flyway_schema_history WHERE success AND type = 'SQL'"))
          .as("Flyway's history in %s_%s", PREFIX, tenant).containsExactly("1");
      assertThat(StarterDatabase.hasTable(PREFIX, tenant, "notes")).isTrue();
    }
  }

  @Test
  void hibernateBorrowsFromTheStartersDataSourceWithTheRootTenantOfTheSameKeys() {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
    SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
    MultiTenantConnectionProvider<?> provider =
        sessionFactory.getServiceRegistry().getService(MultiTenantConnectionProvider.class);
    assertThat(provider).isInstanceOf(TenantPoolConnectionProvider.class);
    assertThat(((TenantPoolConnectionProvider) provider).dataSource()).isSameAs(dataSource);
    assertThat(((TenantPoolConnectionProvider) provider).rootTenant()).isEqualTo("acme");
    Object resolver = sessionFactory.getCurrentTenantIdentifierResolver();
    assertThat(resolver).isInstanceOf(TenantContextResolver.class);
    assertThat(((TenantContextResolver) resolver).isRoot("acme")).isTrue();
  }

  @Test
  void derivedQueriesBuiltAtStartUpRunInTheCurrentTenant() {
    for (String tenant : TENANTS) {
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        service.add("derived-" + tenant);
        assertThat(notes.findByTextStartingWith("derived-")).extracting(Note::getText).containsExactly("derived-" + tenant);
      }
    }
  }

  @Test
  void twoTenantsStayApartUnderConcurrency() throws Exception {
    int threads = 8;
    int rounds = 15;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger foreign = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tenant = TENANTS.get(t % TENANTS.size());
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            try (TenantContext.Scope scope = TenantContext.use(tenant)) {
              service.add("busy-" + tenant);
              for (String text : service.texts()) {
                if (text.startsWith("busy-") && !text.equals("busy-" + tenant)) {
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
    for (String tenant : TENANTS) {
      assertThat(StarterDatabase.query(PREFIX, tenant, "SELECT text FROM notes WHERE text LIKE 'busy-%'"))
          .hasSize(threads / TENANTS.size() * rounds).containsOnly("busy-" + tenant);
    }
  }

  @Test
  void asyncWorkRunsForTheTenantThatHandedItOff() throws Exception {
    for (String tenant : TENANTS) {
      String answer;
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        answer = service.databaseLater().get(30, TimeUnit.SECONDS);
      }
      assertThat(answer).as("thread:database").doesNotStartWith(Thread.currentThread().getName() + ":").endsWith(":" + tenant);
    }
  }

  @Test
  void aRepositoryCalledOutsideAnyTenantReachesNoDatabase() {
    assertThatThrownBy(() -> notes.texts()).hasStackTraceContaining("opened outside any TenantContext");
  }
}
