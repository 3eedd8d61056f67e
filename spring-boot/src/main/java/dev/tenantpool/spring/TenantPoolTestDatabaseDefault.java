package dev.tenantpool.spring;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Keeps a TenantPool DataSource in slice tests: with a {@code jdbc:tenantpool:} URL,
 * {@code spring.test.database.replace} defaults to {@code NONE}, so {@code @DataJpaTest} and
 * {@code @JdbcTest} run against the tenants' real databases instead of an embedded one (which
 * could stand in for no tenant). The default is the environment's last property source, so
 * {@code @AutoConfigureTestDatabase(replace = ANY)} or the property set anywhere else still
 * replaces it. The URL is read when the property is, so a URL from {@code @DynamicPropertySource}
 * counts too. Outside tests nothing reads the property.
 */
public final class TenantPoolTestDatabaseDefault implements EnvironmentPostProcessor {
  static final String REPLACE = "spring.test.database.replace";

  /** For Spring Boot, which finds it through {@code META-INF/spring.factories}. */
  public TenantPoolTestDatabaseDefault() {}

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new Source(environment));
  }

  // Its source is not the environment itself: Boot would then iterate the environment's sources
  // as this one's, this one among them, for ever.
  private static final class Source extends PropertySource<Object> {
    private final ConfigurableEnvironment environment;

    Source(ConfigurableEnvironment environment) {
      super("tenantpoolTestDatabaseDefault", new Object());
      this.environment = environment;
    }

    @Override
    public Object getProperty(String name) {
      if (!REPLACE.equals(name)) {
        return null;
      }
      String url;
      try {
        url = environment.getProperty(OnTenantPoolUrlCondition.URL_PROPERTY);
      } catch (IllegalArgumentException e) {
        return null; // an unresolvable placeholder: no opinion
      }
      return url != null && url.trim().startsWith(OnTenantPoolUrlCondition.PREFIX) ? "NONE" : null;
    }
  }
}
