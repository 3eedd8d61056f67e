package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.LogCapture;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate configured as the integration guide's first lines promise: a URL, a login and the
 * two class names, nothing else. No root tenant, no default tenant, no dialect: Hibernate still
 * starts, and keeps four tenants apart under concurrency.
 */
class HibernateTwoClassNamesIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "hibtwo";
  private static List<String> tenants;

  @BeforeAll
  static void createDatabases() throws SQLException {
    tenants = DB.tenants(PREFIX, 4);
    for (String tenant : tenants) {
      try (Connection c = DB.connect(PREFIX + "_" + tenant); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS note");
        s.execute(Note.DDL);
      }
    }
  }

  static HibernatePersistenceConfiguration twoClassNames(String url) {
    return new HibernatePersistenceConfiguration("two-class-names")
        .managedClass(Note.class)
        .jdbcUrl(url)
        .jdbcCredentials(DB.user(), DB.password())
        .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
        .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName());
  }

  @Test
  void startsWithTheTwoClassNamesAndTheUrlOnlyAndKeepsFourTenantsApartUnderConcurrency() throws Exception {
    try (LogCapture logs = LogCapture.start();
        SessionFactory factory = twoClassNames(DB.tenantPoolUrl(PREFIX + "_{tenant}")).createEntityManagerFactory()) {
      assertThat(factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect())
          .isInstanceOf(PostgreSQLDialect.class);
      assertThat(LogCapture.installed()).isTrue();
      assertThat(logs.events()).anySatisfy(e -> assertThat(e.message())
          .contains("chosen from the postgresql URL").contains("tenantpool.hibernate.rootTenant"));
      int threads = 8;
      int rounds = 25;
      CyclicBarrier start = new CyclicBarrier(threads);
      AtomicInteger foreign = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String tenant = tenants.get(t % tenants.size());
          done.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < rounds; i++) {
              try (TenantContext.Scope scope = TenantContext.use(tenant)) {
                factory.inTransaction(session -> session.persist(new Note(tenant, "two class names")));
                // Other tests of this class leave rows of their own (owners that are no tenant).
                for (String owner : HibernateDatabasePerTenantIT.owners(factory)) {
                  if (tenants.contains(owner) && !owner.equals(tenant)) {
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
      for (String tenant : tenants) {
        assertThat(count(tenant, tenant)).as("rows of %s in its own database", tenant).isEqualTo(2L * rounds);
      }
    }
  }

  @Test
  void theUrlsDefaultTenantIsTheResolversDefaultToo() throws Exception {
    String url = DB.tenantPoolUrl(PREFIX + "_{tenant}?tenantpool.defaultTenant=t2");
    try (SessionFactory factory = twoClassNames(url).createEntityManagerFactory()) {
      Object resolver = factory.unwrap(SessionFactoryImplementor.class).getCurrentTenantIdentifierResolver();
      assertThat(((TenantContextResolver) resolver).defaultTenant()).isEqualTo("t2");
      long before = count("t2", "outside");
      factory.inTransaction(session -> session.persist(new Note("outside", "no TenantContext")));
      assertThat(count("t2", "outside")).isEqualTo(before + 1);
    }
  }

  @Test
  void theDefaultTenantOfAnApplicationsDataSourceIsTheResolversDefault() throws Exception {
    try (TenantPoolDataSource shared = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}?tenantpool.defaultTenant=t3"))
        .username(DB.user())
        .password(DB.password())
        .build();
        SessionFactory factory = new HibernatePersistenceConfiguration("shared-default")
            .managedClass(Note.class)
            .property("hibernate.connection.datasource", shared)
            .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
            .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName())
            .createEntityManagerFactory()) {
      long before = count("t3", "shared-outside");
      factory.inTransaction(session -> session.persist(new Note("shared-outside", "the data source's default")));
      assertThat(count("t3", "shared-outside")).isEqualTo(before + 1);
    }
  }

  @Test
  void schemaValidationWithoutATenantToValidateFailsSayingWhichKeyNamesOne() {
    assertThatThrownBy(() -> twoClassNames(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .property("hibernate.hbm2ddl.auto", "validate")
        .createEntityManagerFactory().close())
        .hasStackTraceContaining("hibernate.hbm2ddl.auto=validate works on the database of one tenant")
        .hasStackTraceContaining("tenantpool.hibernate.rootTenant");
  }

  private static long count(String tenant, String owner) throws SQLException {
    try (Connection c = DB.connect(PREFIX + "_" + tenant); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM note WHERE owner = '" + owner + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
