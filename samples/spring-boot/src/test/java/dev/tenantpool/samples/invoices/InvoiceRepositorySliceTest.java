package dev.tenantpool.samples.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantPoolDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code @DataJpaTest} slice as a user writes it: no annotation of TenantPool's, only the tenant
 * the test's transaction runs for. The slice keeps the starter's DataSource and runs Flyway.
 */
@DataJpaTest(properties = "spring.datasource.tenantpool.default-tenant=globex")
class InvoiceRepositorySliceTest {
  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    LocalDatabase.register(registry, "slice");
  }

  @Autowired DataSource dataSource;
  @Autowired InvoiceRepository invoices;

  @Test
  void theRepositoryRunsOnTenantPoolInTheTestsTenant() throws Exception {
    assertThat(dataSource).isInstanceOf(TenantPoolDataSource.class);
    invoices.save(new Invoice("Wayne", 4200));
    assertThat(invoices.findByCustomerOrderById("Wayne")).extracting(Invoice::getAmountCents).containsExactly(4200L);
    assertThat(invoices.findByCustomerOrderById("opening fee")).as("Flyway's V2").hasSize(1);
    assertThat(LocalDatabase.query("slice", "acme", "SELECT customer FROM invoices")).containsExactly("opening fee");
  }
}
