package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantContext;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM 7 with one schema per tenant in a shared database: {@code currentSchema={tenant}}
 * in the URL gives each tenant's pool connections whose search path is the tenant's schema.
 */
class HibernateSchemaPerTenantIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String DATABASE = "hibschema_db";
  private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
  private static SessionFactory sessionFactory;

  @BeforeAll
  static void createSchemasAndFactory() throws SQLException {
    DB.createTenantDatabases("hibschema", List.of("db"));
    try (Connection c = DB.connect(DATABASE); Statement s = c.createStatement()) {
      for (String schema : concat("template", TENANTS)) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("CREATE SCHEMA " + schema);
        s.execute(Note.DDL.replace("CREATE TABLE note", "CREATE TABLE " + schema + ".note"));
      }
    }
    // The legacy hibernate.connection.* keys this time; the database-per-tenant test uses jakarta.*.
    sessionFactory = new HibernatePersistenceConfiguration("schemas")
        .managedClass(Note.class)
        .property("hibernate.connection.url", DB.tenantPoolUrl(DATABASE + "?currentSchema={tenant}"))
        .property("hibernate.connection.username", DB.user())
        .property("hibernate.connection.password", DB.password())
        .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
        .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName())
        .property("tenantpool.hibernate.rootTenant", "template")
        .property("hibernate.hbm2ddl.auto", "validate")
        .createEntityManagerFactory();
  }

  @AfterAll
  static void closeFactory() {
    if (sessionFactory != null) {
      sessionFactory.close();
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  static long rowsInSchema(String schema, String owner) throws SQLException {
    try (Connection c = DB.connect(DATABASE); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".note WHERE owner = '" + owner + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<String> owners() {
    return sessionFactory.fromSession(session ->
        session.createSelectionQuery("select n.owner from Note n", String.class).getResultList());
  }

  @Test
  void writesIntoTheSchemaOfTheTenantInTenantContext() throws Exception {
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      sessionFactory.inTransaction(session -> session.persist(new Note("acme", "schema per tenant")));
      assertThat(owners()).isNotEmpty().containsOnly("acme");
    }
    assertThat(rowsInSchema("acme", "acme")).isPositive();
    assertThat(rowsInSchema("template", "acme")).isZero();
    assertThat(rowsInSchema("globex", "acme")).isZero();
  }

  @Test
  void writesIntoTheSchemaOfTheTenantGivenToWithOptions() throws Exception {
    try (var session = sessionFactory.withOptions().tenantIdentifier((Object) "globex").openSession()) {
      var transaction = session.beginTransaction();
      session.persist(new Note("globex", "explicit tenant"));
      transaction.commit();
    }
    assertThat(rowsInSchema("globex", "globex")).isPositive();
    assertThat(rowsInSchema("acme", "globex")).isZero();
  }

  @Test
  void concurrentTenantsStayInTheirOwnSchemas() throws Exception {
    Map<String, Long> before = new ConcurrentHashMap<>();
    for (String tenant : TENANTS) {
      before.put(tenant, rowsInSchema(tenant, tenant));
    }
    AtomicInteger foreignRows = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(TENANTS.size() * 2);
    int rounds = 15;
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < TENANTS.size() * 2; t++) {
        String tenant = TENANTS.get(t % TENANTS.size());
        futures.add(pool.submit(() -> {
          for (int i = 0; i < rounds; i++) {
            String body = "round " + i;
            try (TenantContext.Scope scope = TenantContext.use(tenant)) {
              sessionFactory.inTransaction(session -> session.persist(new Note(tenant, body)));
              foreignRows.addAndGet((int) owners().stream().filter(o -> !o.equals(tenant)).count());
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
    for (String tenant : TENANTS) {
      assertThat(rowsInSchema(tenant, tenant) - before.get(tenant)).as(tenant).isEqualTo(2L * rounds);
    }
    assertThat(rowsInSchema("template", "acme") + rowsInSchema("template", "globex")).isZero();
  }
}
