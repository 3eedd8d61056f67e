package dev.tenantpool.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.StarterDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A {@code @JdbcTest} slice gets the starter's DataSource too, and reaches the tenant its properties name. */
@JdbcTest(properties = {"spring.flyway.enabled=false", "spring.datasource.tenantpool.default-tenant=acme"})
class JdbcSliceIT {
  private static final String PREFIX = "jdbcslice";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex"));
  }

  @Autowired DataSource dataSource;
  @Autowired JdbcTemplate jdbc;

  @Test
  void jdbcTemplateRunsOnTenantPoolInTheTestsTenant() {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
    assertThat(jdbc.queryForObject("SELECT name FROM tenant_info", String.class)).isEqualTo("acme");
  }

  @Test
  void anotherTenantInsideTheTestsTransactionIsRefusedRatherThanMixed() {
    // The test's transaction holds a connection of the default tenant; the tenant guard refuses to
    // use it for another tenant instead of running globex's statement in acme's database.
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      assertThatThrownBy(() -> jdbc.queryForObject("SELECT name FROM tenant_info", String.class))
          .hasStackTraceContaining("connection of tenant acme").hasStackTraceContaining("used while TenantContext is globex");
    }
  }
}
