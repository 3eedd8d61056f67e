package dev.tenantpool.spring.web;

import dev.tenantpool.TenantContext;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A servlet web application that says which tenant a request ran for and which database answered. */
@SpringBootApplication(exclude = {HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class})
public class WebApp {
  @RestController
  static class WhoAmI {
    private final JdbcTemplate jdbc;

    WhoAmI(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @GetMapping("/whoami")
    Map<String, String> whoami() {
      return Map.of("context", TenantContext.current().orElse("(none)"),
          "database", jdbc.queryForObject("SELECT name FROM tenant_info", String.class));
    }

    @GetMapping("/public/ping")
    Map<String, String> ping() {
      return Map.of("context", TenantContext.current().orElse("(none)"));
    }
  }
}
