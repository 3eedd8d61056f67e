package dev.tenantpool.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.tenantpool.spring.StarterDatabase;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application's own TenantResolver replaces the header: here the first label of the Host
 * header (acme.localhost). With listed-tenants-only, a valid id that is not one of the
 * application's tenants is refused before it reaches TenantPool.
 */
@SpringBootTest(classes = {WebApp.class, TenantResolverIT.SubdomainTenants.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.enabled=false",
        "spring.datasource.tenantpool.tenants=acme,globex",
        "spring.datasource.tenantpool.web.listed-tenants-only=true"})
class TenantResolverIT {
  private static final String PREFIX = "resolver";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    StarterDatabase.register(registry, PREFIX, List.of("acme", "globex", "initech"));
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class SubdomainTenants {
    @Bean
    TenantResolver subdomainTenantResolver() {
      return request -> {
        String host = request.getHeader("X-Forwarded-Host");
        return host == null || !host.contains(".") ? null : host.substring(0, host.indexOf('.'));
      };
    }
  }

  @LocalServerPort int port;

  @Test
  void theApplicationsResolverNamesTheTenant() {
    HttpResponse<String> response = new Http(port).get("/whoami", "X-Forwarded-Host", "globex.example.com",
        "X-Tenant-Id", "acme");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((String) JsonPath.read(response.body(), "$.database")).as("the resolver's, not the header's").isEqualTo("globex");
  }

  @Test
  void aTenantTheResolverDoesNotFindIsA400() {
    HttpResponse<String> response = new Http(port).get("/whoami", "X-Tenant-Id", "acme");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat((String) JsonPath.read(response.body(), "$.detail")).isEqualTo("the request names no tenant");
  }

  @Test
  void aTenantThatIsNotListedIsA400EvenWithADatabase() {
    HttpResponse<String> response = new Http(port).get("/whoami", "X-Forwarded-Host", "initech.example.com");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat((String) JsonPath.read(response.body(), "$.detail")).contains("not a tenant of this application");
  }
}
