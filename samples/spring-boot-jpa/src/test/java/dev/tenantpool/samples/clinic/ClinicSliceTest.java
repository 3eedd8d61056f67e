package dev.tenantpool.samples.clinic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.samples.clinic.tenancy.TenantPoolConfiguration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A slice test of the repository, as the README shows it: a slice loads no application
 * configuration class, so it imports TenantPool's; Boot must not swap in an embedded database
 * (replace = NONE); and the test's transaction, which starts before the test method, is for the
 * tenant that tenantpool.defaultTenant names.
 */
@DataJpaTest(properties = "spring.jpa.properties.tenantpool.defaultTenant=umbrella")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(TenantPoolConfiguration.class)
class ClinicSliceTest {
  private static final String PREFIX = "slice";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    ClinicDatabase.register(registry, PREFIX, "");
  }


  @Autowired DataSource dataSource;
  @Autowired VetRepository vets;

  @Test
  void theRepositoryRunsOnTenantPoolInTheTestsTenant() throws Exception {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
    vets.save(new Vet("Linda", "Douglas"));
    assertThat(vets.findByLastNameOrderByFirstName("Douglas")).hasSize(1);
    assertThat(vets.lastNames()).contains("Carter", "Douglas");
  }
}
