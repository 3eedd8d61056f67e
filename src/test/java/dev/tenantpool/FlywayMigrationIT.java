package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tenantpool.testing.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Flyway migrating every tenant: through forEachTenant, and through a plain DriverManager DataSource. */
class FlywayMigrationIT {
  private static final TestDatabase DB = TestDatabase.get();

  @AfterAll
  static void closeDriverPools() {
    TenantPoolDriver.closeAll();
  }

  static void migrate(DataSource dataSource) {
    // baselineOnMigrate: the tenant databases already hold tenant_info, as live ones hold data.
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/tenants")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  static List<String> appliedVersions(String database) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (Connection c = DB.connect(database); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT version FROM flyway_schema_history WHERE success AND type <> 'BASELINE'"
                + " ORDER BY installed_rank")) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }

  static boolean hasColumn(String database, String table, String column) throws SQLException {
    try (Connection c = DB.connect(database); ResultSet rs = c.getMetaData().getColumns(null, "public", table, column)) {
      return rs.next();
    }
  }

  private static TenantPoolDataSource dataSource(String prefix) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl(prefix + "_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .build();
  }

  @Test
  void migratesEveryTenantWithForEachTenant() throws Exception {
    List<String> tenants = DB.tenants("flyway", 4);
    try (TenantPoolDataSource dataSource = dataSource("flyway")) {
      dataSource.forEachTenant(tenants, (tenant, tenantDataSource) -> migrate(tenantDataSource));
      // Running again is a no-op per tenant: Flyway finds each tenant's history up to date.
      dataSource.forEachTenant(tenants, (tenant, tenantDataSource) -> migrate(tenantDataSource));
    }
    for (String tenant : tenants) {
      assertThat(appliedVersions("flyway_" + tenant)).as(tenant).containsExactly("1", "2");
      assertThat(hasColumn("flyway_" + tenant, "invoice", "total_cents")).isTrue();
    }
  }

  @Test
  void reportsEachFailedTenantAndStillMigratesTheOthers() throws Exception {
    List<String> tenants = DB.createTenantDatabases("flybad", List.of("ok1", "broken", "ok2"));
    try (Connection c = DB.connect("flybad_broken"); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS flyway_schema_history");
      s.execute("DROP TABLE IF EXISTS invoice");
      s.execute("CREATE TABLE invoice (something_else int)"); // V1 will collide with it
    }
    List<String> all = new ArrayList<>(tenants);
    all.add(1, "gone"); // no database flybad_gone exists
    TenantWorkException failure;
    try (TenantPoolDataSource dataSource = dataSource("flybad")) {
      failure = catchThrowableOfType(TenantWorkException.class,
          () -> dataSource.forEachTenant(all, (tenant, tenantDataSource) -> migrate(tenantDataSource)));
    }
    assertThat(failure.failures()).containsOnlyKeys("gone", "broken");
    assertThat(failure.succeeded()).containsExactly("ok1", "ok2");
    assertThat(failure.getMessage()).startsWith("work failed for 2 of 4 tenants: gone (").contains("broken (");
    assertThat(failure.getSuppressed()).hasSize(2);
    assertThat(appliedVersions("flybad_ok1")).containsExactly("1", "2");
    assertThat(appliedVersions("flybad_ok2")).containsExactly("1", "2");
  }

  @Test
  void migratesEachTenantThroughAPlainDataSourceOverDriverManager() throws Exception {
    List<String> tenants = DB.tenants("flydm", 3);
    DataSource plain = new DriverManagerDataSource(DB.tenantPoolUrl("flydm_{tenant}"), DB.user(), DB.password());
    for (String tenant : tenants) {
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        migrate(plain);
      }
    }
    for (String tenant : tenants) {
      assertThat(appliedVersions("flydm_" + tenant)).as(tenant).containsExactly("1", "2");
    }
  }

  /** The simplest DataSource an application could write: every call goes to DriverManager. */
  private static final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;

    DriverManagerDataSource(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
