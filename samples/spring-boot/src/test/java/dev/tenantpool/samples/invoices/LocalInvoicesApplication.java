package dev.tenantpool.samples.invoices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;

/**
 * The application on an embedded PostgreSQL with both tenants' databases, for trying it out:
 * {@code mvn -q -f all verify -DskipTests -Psample -pl ../samples/spring-boot -am} (README.md
 * shows the requests to send). A main class of the test sources, so that the embedded server is
 * never part of the application itself.
 */
public final class LocalInvoicesApplication {
  private LocalInvoicesApplication() {}

  public static void main(String[] args) {
    String url = LocalDatabase.create("shop");
    // As command-line arguments: they take precedence over application.properties.
    List<String> arguments = new ArrayList<>(List.of(
        "--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
    arguments.addAll(Arrays.asList(args));
    SpringApplication.run(InvoicesApplication.class, arguments.toArray(new String[0]));
    System.out.println();
    System.out.println("Invoices runs on http://localhost:8080 with tenants " + LocalDatabase.TENANTS + ". Try:");
    System.out.println("  curl -H 'X-Tenant-Id: acme' localhost:8080/invoices");
    System.out.println("  curl -H 'X-Tenant-Id: globex' -H 'Content-Type: application/json' -d '{\"customer\":\"Wayne\",\"amountCents\":4200}' localhost:8080/invoices");
    System.out.println("  curl localhost:8080/invoices                      (no tenant: 400)");
    System.out.println("  curl localhost:8080/actuator/tenantpool");
    System.out.println("  curl -X POST localhost:8080/actuator/tenantpool/acme/pause   (and .../resume)");
    System.out.println("  curl localhost:8080/actuator/health");
    System.out.println("Ctrl+C stops it.");
  }
}
