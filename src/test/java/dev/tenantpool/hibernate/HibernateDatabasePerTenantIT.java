package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.HibernateException;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hibernate ORM 7 with one database per tenant, configured by settings alone. */
class HibernateDatabasePerTenantIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "hibdb";
  private static final int TENANTS = 8;
  private static List<String> tenants;
  private static SessionFactory sessionFactory;

  @BeforeAll
  static void createDatabasesAndFactory() throws SQLException {
    tenants = DB.tenants(PREFIX, TENANTS);
    DB.createTenantDatabases(PREFIX, List.of("bare"));
    for (String tenant : tenants) {
      try (Connection c = DB.connect(PREFIX + "_" + tenant); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS note");
        s.execute(Note.DDL);
      }
    }
    sessionFactory = configuration("t0").createEntityManagerFactory();
  }

  @AfterAll
  static void closeFactory() {
    if (sessionFactory != null) {
      sessionFactory.close();
    }
  }

  /** Exactly what an application writes: a URL, credentials, the two class names, a root tenant. */
  static HibernatePersistenceConfiguration configuration(String rootTenant) {
    return new HibernatePersistenceConfiguration("tenants")
        .managedClass(Note.class)
        .jdbcUrl(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .jdbcCredentials(DB.user(), DB.password())
        .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
        .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName())
        .property("tenantpool.hibernate.rootTenant", rootTenant)
        .property("tenantpool.maximumPoolSize", "3")
        .property("hibernate.hbm2ddl.auto", "validate");
  }

  static long countInDatabase(String tenant, String owner) throws SQLException {
    try (Connection c = DB.connect(PREFIX + "_" + tenant); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM note WHERE owner = '" + owner + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<String> owners(SessionFactory factory) {
    return factory.fromSession(session ->
        session.createSelectionQuery("select n.owner from Note n", String.class).getResultList());
  }

  @Test
  void persistsAndReadsInTheDatabaseOfTheTenantInTenantContext() throws Exception {
    try (TenantContext.Scope scope = TenantContext.use("t1")) {
      sessionFactory.inTransaction(session -> session.persist(new Note("t1", "from context")));
      assertThat(owners(sessionFactory)).isNotEmpty().containsOnly("t1");
    }
    assertThat(countInDatabase("t1", "t1")).isPositive();
    assertThat(countInDatabase("t2", "t1")).isZero();
  }

  @Test
  void usesTheTenantGivenToWithOptionsWithoutAnyTenantContext() throws Exception {
    try (var session = sessionFactory.withOptions().tenantIdentifier((Object) "t3").openSession()) {
      var transaction = session.beginTransaction();
      session.persist(new Note("t3", "from withOptions"));
      transaction.commit();
      assertThat(session.createSelectionQuery("select n.owner from Note n", String.class).getResultList())
          .isNotEmpty().containsOnly("t3");
    }
    assertThat(countInDatabase("t3", "t3")).isPositive();
    assertThat(countInDatabase("t0", "t3")).isZero();
  }

  @Test
  void aTenantGivenToWithOptionsInsideAnotherTenantsContextIsTheSessionsTenant() throws Exception {
    try (TenantContext.Scope scope = TenantContext.use("t1");
        var session = sessionFactory.withOptions().tenantIdentifier((Object) "t4").openSession()) {
      var transaction = session.beginTransaction();
      session.persist(new Note("t4", "named inside t1's scope"));
      transaction.commit();
      assertThat(session.createSelectionQuery("select n.owner from Note n", String.class).getResultList())
          .isNotEmpty().containsOnly("t4");
    }
    assertThat(countInDatabase("t4", "t4")).isPositive();
    assertThat(countInDatabase("t1", "t4")).isZero();
  }

  @Test
  void aSessionOpenedOutsideAnyTenantReachesNoDatabase() {
    assertThat(TenantContext.current()).isEmpty();
    // Opening it works (Spring Data does so at start-up to build its queries); using it does not.
    try (var session = sessionFactory.openSession()) {
      assertThat(session.getTenantIdentifierValue()).isEqualTo(TenantContextResolver.NO_TENANT);
      assertThatThrownBy(() -> session.createSelectionQuery("select n.owner from Note n", String.class).getResultList())
          .isInstanceOf(HibernateException.class)
          .hasStackTraceContaining("opened outside any TenantContext")
          .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(SQLException.class))
          .satisfies(e -> assertThat(((SQLException) org.assertj.core.util.Throwables.getRootCause(e)).getSQLState())
              .isEqualTo("TP001"));
    }
  }

  @Test
  void concurrentSessionsOfManyTenantsNeverSeeAnotherTenantsRows() throws Exception {
    int threads = 8;
    int rounds = 40;
    Map<String, AtomicInteger> written = new HashMap<>();
    tenants.forEach(t -> written.put(t, new AtomicInteger()));
    Map<String, Long> before = new HashMap<>();
    for (String tenant : tenants) {
      before.put(tenant, countInDatabase(tenant, tenant));
    }
    AtomicInteger foreignRows = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < rounds; i++) {
            String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
            try (TenantContext.Scope scope = TenantContext.use(tenant)) {
              sessionFactory.inTransaction(session -> session.persist(new Note(tenant, "concurrent")));
              written.get(tenant).incrementAndGet();
              for (String owner : owners(sessionFactory)) {
                if (!owner.equals(tenant)) {
                  foreignRows.incrementAndGet();
                }
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(foreignRows).hasValue(0);
    for (String tenant : tenants) {
      // Counted behind TenantPool's back, straight from each tenant's database.
      assertThat(countInDatabase(tenant, tenant) - before.get(tenant))
          .as("rows written for %s", tenant).isEqualTo(written.get(tenant).get());
    }
    assertThat(written.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(threads * rounds);
  }

  @Test
  void handsTheResolverTheRootTenantFromTheSettings() {
    Object resolver = sessionFactory.unwrap(SessionFactoryImplementor.class).getCurrentTenantIdentifierResolver();
    assertThat(resolver).isInstanceOf(TenantContextResolver.class);
    assertThat(((TenantContextResolver) resolver).rootTenant()).isEqualTo("t0");
    assertThat(((TenantContextResolver) resolver).isRoot("t0")).isTrue();
    assertThat(((TenantContextResolver) resolver).isRoot("t1")).isFalse();
  }

  @Test
  void failsAtStartUpWhenTheRootTenantsSchemaDoesNotMatchTheMapping() {
    // hibdb_bare has no note table: validation runs against the root tenant and must refuse it.
    assertThatThrownBy(() -> configuration("bare").createEntityManagerFactory().close())
        .rootCause()
        .isInstanceOf(SchemaManagementException.class)
        .hasMessageContaining("missing table [note]");
  }

  @Test
  void stopsItsPoolsWhenTheSessionFactoryCloses() throws Exception {
    SessionFactory own = configuration("t0").createEntityManagerFactory();
    TenantPoolDataSource dataSource;
    try {
      dataSource = own.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
          .requireService(MultiTenantConnectionProvider.class).unwrap(TenantPoolDataSource.class);
      try (TenantContext.Scope scope = TenantContext.use("t4")) {
        assertThat(owners(own)).doesNotContain("t0", "t1", "t2", "t3");
      }
      assertThat(dataSource.tenants()).contains("t4");
    } finally {
      own.close();
    }
    assertThat(dataSource.poolCount()).isZero();
    assertThatThrownBy(() -> dataSource.getConnection("t4"))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("TP007");
  }

  @Test
  void usesAnApplicationOwnedTenantPoolDataSourceAndLeavesItOpen() throws Exception {
    try (TenantPoolDataSource shared = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(PREFIX + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build()) {
      SessionFactory factory = new HibernatePersistenceConfiguration("shared")
          .managedClass(Note.class)
          .property("hibernate.connection.datasource", shared)
          .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
          .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName())
          .property("tenantpool.hibernate.rootTenant", "t0")
          .createEntityManagerFactory();
      try (TenantContext.Scope scope = TenantContext.use("t5")) {
        factory.inTransaction(session -> session.persist(new Note("t5", "shared data source")));
        assertThat(owners(factory)).containsOnly("t5");
      } finally {
        factory.close();
      }
      try (Connection c = shared.getConnection("t5")) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }
}
