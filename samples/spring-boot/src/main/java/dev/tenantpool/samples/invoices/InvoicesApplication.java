package dev.tenantpool.samples.invoices;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Invoices, one database per tenant. Nothing in the code knows about tenants: the starter opens
 * each request's TenantContext from its X-Tenant-Id header, and JPA, Flyway and the actuator work
 * tenant by tenant.
 */
@SpringBootApplication
public class InvoicesApplication {
  public static void main(String[] args) {
    SpringApplication.run(InvoicesApplication.class, args);
  }
}
