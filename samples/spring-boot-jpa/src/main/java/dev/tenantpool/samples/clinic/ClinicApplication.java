package dev.tenantpool.samples.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small clinic: vets, their visits, a Spring Data repository with derived queries and a cached
 * service, the parts of spring-petclinic that met TenantPool first. Which database each request
 * reaches is TenantPool's business; the application only opens a {@code TenantContext}.
 */
@SpringBootApplication
public class ClinicApplication {
  public static void main(String[] args) {
    SpringApplication.run(ClinicApplication.class, args);
  }
}
