package dev.tenantpool.spring.sqlinit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantContext;
import dev.tenantpool.spring.StarterDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** spring.sql.init's schema and data scripts ran once in every listed tenant's database, and only there. */
@SpringBootTest(classes = SqlInitApp.class, properties = {
    "spring.flyway.enabled=false",
    "spring.sql.init.mode=always",
    "spring.sql.init.schema-locations=classpath:sqlinit/schema.sql",
    "spring.sql.init.data-locations=classpath:sqlinit/data.sql",
    "spring.datasource.tenantpool.tenants=acme,globex"})
class SqlInitIT {
  private static final String PREFIX = "sqlinit";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex", "unlisted"));
  }

  @Autowired JdbcTemplate jdbc;

  @Test
  void theScriptsRanInEveryListedTenantsDatabase() throws Exception {
    for (String tenant : List.of("acme", "globex")) {
      assertThat(StarterDatabase.query(PREFIX, tenant, "SELECT text FROM greetings")).containsExactly("hello " + tenant);
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        assertThat(jdbc.queryForList("SELECT tenant FROM greetings", String.class)).containsExactly(tenant);
      }
    }
    assertThat(StarterDatabase.hasTable(PREFIX, "unlisted", "greetings")).as("a tenant not listed").isFalse();
  }
}
