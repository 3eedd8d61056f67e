package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tenantpool.TenantContext;
import dev.tenantpool.testing.TestDatabase;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionBuilder;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate's read-only sessions (7.2 and newer: {@code withOptions().readOnly(true)}) read from
 * the tenant's read replica ({@code tenantpool.replicaUrl}); other sessions from its primary. Each
 * tenant's primary {@code hibrp_<tenant>} and replica {@code hibrr_<tenant>} hold different notes,
 * so a query says which one answered. On the oldest supported Hibernate (7.1, compat/) there is no
 * read-only session to open, and the test is skipped.
 */
class HibernateReadReplicaIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = List.of("acme", "globex");
  private static SessionFactory sessionFactory;

  @BeforeAll
  static void createDatabasesAndFactory() throws SQLException {
    for (String prefix : List.of("hibrp", "hibrr")) {
      DB.createTenantDatabases(prefix, TENANTS);
      for (String tenant : TENANTS) {
        try (Connection c = DB.connect(prefix + "_" + tenant); Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS note");
          s.execute(Note.DDL);
          s.execute("INSERT INTO note (owner, body) VALUES ('" + prefix + " " + tenant + "', 'seeded')");
        }
      }
    }
    sessionFactory = new HibernatePersistenceConfiguration("replicas")
        .managedClass(Note.class)
        .jdbcUrl(DB.tenantPoolUrl("hibrp_{tenant}"))
        .jdbcCredentials(DB.user(), DB.password())
        .property("hibernate.multi_tenant_connection_provider", TenantPoolConnectionProvider.class.getName())
        .property("hibernate.tenant_identifier_resolver", TenantContextResolver.class.getName())
        .property("tenantpool.hibernate.rootTenant", "acme")
        .property("tenantpool.replicaUrl", DB.postgresUrl("hibrr_{tenant}"))
        .property("tenantpool.maximumPoolSize", "2")
        .property("hibernate.hbm2ddl.auto", "validate")
        .createEntityManagerFactory();
  }

  @AfterAll
  static void closeFactory() throws SQLException {
    if (sessionFactory != null) {
      sessionFactory.close();
    }
    assertThat(DB.backends("hibrr")).as("the replica pools close with the SessionFactory").isZero();
  }

  /** Hibernate 7.2's SessionBuilder.readOnly(true), or a skipped test on a Hibernate without it. */
  private static Session readOnlySession(String tenant) throws Exception {
    Method readOnly;
    try {
      readOnly = SessionBuilder.class.getMethod("readOnly", boolean.class);
    } catch (NoSuchMethodException e) {
      assumeThat(false).as("this Hibernate has no read-only sessions (added in 7.2)").isTrue();
      throw new AssertionError(e);
    }
    SessionBuilder builder = sessionFactory.withOptions().tenantIdentifier((Object) tenant);
    return ((SessionBuilder) readOnly.invoke(builder, true)).openSession();
  }

  private static List<String> owners(Session session) {
    return session.createSelectionQuery("select n.owner from Note n", String.class).getResultList();
  }

  @Test
  void aReadOnlySessionReadsFromTheTenantsReplicaAndAnOrdinaryOneFromItsPrimary() throws Exception {
    try (Session session = readOnlySession("acme")) {
      assertThat(owners(session)).containsExactly("hibrr acme");
      session.doWork(connection -> assertThat(connection.isReadOnly()).isTrue());
    }
    try (TenantContext.Scope scope = TenantContext.use("globex"); Session session = readOnlySession("globex")) {
      assertThat(owners(session)).containsExactly("hibrr globex");
    }
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      assertThat(sessionFactory.fromSession(HibernateReadReplicaIT::owners)).containsExactly("hibrp acme");
      sessionFactory.fromSession(session -> {
        session.doWork(connection -> assertThat(connection.isReadOnly()).isFalse());
        return null;
      });
    }
  }
}
