package dev.tenantpool.spring.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.spring.StarterDatabase;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code @DataJpaTest} slice with nothing of TenantPool's but the URL and the tenant its
 * transaction runs for: the slice gets the starter's DataSource (not an embedded replacement),
 * Hibernate's multi-tenancy and Flyway for the listed tenants, as the application does.
 */
@DataJpaTest(properties = {
    "spring.flyway.locations=classpath:db/jpa",
    // tenant_info (the tests' own table) is there before Flyway: baseline below V1.
    "spring.flyway.baseline-on-migrate=true",
    "spring.flyway.baseline-version=0",
    "spring.datasource.tenantpool.tenants=acme,globex",
    "spring.datasource.tenantpool.default-tenant=globex"})
class NoteSliceIT {
  private static final String PREFIX = "slice";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex"));
  }

  @Autowired DataSource dataSource;
  @Autowired NoteRepository notes;

  @Test
  void theRepositoryRunsOnTenantPoolInTheTestsTenant() throws Exception {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
    notes.save(new Note("sliced"));
    assertThat(notes.findByTextStartingWith("slice")).extracting(Note::getText).containsExactly("sliced");
    assertThat(StarterDatabase.hasTable(PREFIX, "acme", "notes")).as("Flyway ran for every listed tenant").isTrue();
    assertThat(StarterDatabase.query(PREFIX, "acme", "SELECT text FROM notes")).isEmpty();
  }
}
