package dev.tenantpool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.task.TaskDecorator;
import org.springframework.mock.env.MockEnvironment;

/**
 * What the starter makes of {@code spring.datasource.*}: the DataSource, its keys in Boot's
 * relaxed forms, refusals, and the task decorator. No connection is opened (pools are created on
 * a tenant's first use), so these run without a database; the *IT classes use a real one.
 */
class TenantPoolAutoConfigurationTest {
  private static final String URL = "jdbc:tenantpool:postgresql://localhost:1/app_{tenant}";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TenantPoolAutoConfiguration.class, DataSourceAutoConfiguration.class));

  @Test
  void aTenantPoolUrlMakesTheDataSourceATenantPoolDataSourceWithNoPoolOfBootsAroundIt() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.username=app",
        "spring.datasource.password=secret").run(context -> {
          assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(HikariDataSource.class);
          TenantPoolDataSource dataSource = context.getBean(TenantPoolDataSource.class);
          assertThat(dataSource.name()).isEqualTo("dataSource");
          assertThat(dataSource.toString()).doesNotContain("secret");
        });
  }

  @Test
  void aPlainJdbcApplicationWithoutJpaWebFlywayOrActuatorGetsTheDataSourceAndNothingElse() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TenantPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
            dev.tenantpool.spring.hibernate.TenantPoolHibernateAutoConfiguration.class,
            dev.tenantpool.spring.migration.TenantPoolFlywayAutoConfiguration.class,
            dev.tenantpool.spring.migration.TenantPoolSqlInitializationAutoConfiguration.class,
            dev.tenantpool.spring.web.TenantPoolWebAutoConfiguration.class,
            dev.tenantpool.spring.actuate.TenantPoolHealthContributorAutoConfiguration.class))
        // The libraries hidden; Boot's own modules stay, as their spring.factories are read regardless.
        .withClassLoader(new FilteredClassLoader("org.hibernate", "jakarta.persistence", "org.flywaydb", "jakarta.servlet",
            "org.springframework.web", "org.springframework.boot.actuate", "org.springframework.boot.health"))
        .withPropertyValues("spring.datasource.url=" + URL)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(TenantPoolDataSource.class).hasSingleBean(TaskDecorator.class);
          assertThat(context).doesNotHaveBean("tenantContextFilter").doesNotHaveBean("tenantpoolHealthIndicator")
              .doesNotHaveBean("flywayInitializer").doesNotHaveBean("tenantPoolHibernateProperties");
        });
  }

  @Test
  void everyAutoConfigurationOfAnOptionalLibraryIsFilteredOutByItsClassesBeforeItIsRead() throws Exception {
    // Boot drops an auto-configuration whose classes are missing from this metadata alone, before
    // it reads the class and its other conditions (the endpoint's need the actuator's classes).
    java.util.Properties metadata = new java.util.Properties();
    try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-autoconfigure-metadata.properties")) {
      metadata.load(in);
    }
    String prefix = "dev.tenantpool.spring.";
    assertThat(metadata.getProperty(prefix + "hibernate.TenantPoolHibernateAutoConfiguration.ConditionalOnClass"))
        .contains("org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider");
    assertThat(metadata.getProperty(prefix + "migration.TenantPoolFlywayAutoConfiguration.ConditionalOnClass"))
        .contains("org.flywaydb.core.Flyway");
    assertThat(metadata.getProperty(prefix + "web.TenantPoolWebAutoConfiguration.ConditionalOnClass")).contains("jakarta.servlet.Filter");
    assertThat(metadata.getProperty(prefix + "actuate.TenantPoolHealthContributorAutoConfiguration.ConditionalOnClass"))
        .contains("org.springframework.boot.health.contributor.HealthContributor");
    assertThat(metadata.getProperty(prefix + "actuate.TenantPoolEndpointAutoConfiguration.ConditionalOnClass"))
        .contains("org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint");
  }

  @Test
  void spring_datasource_nameNamesTheDataSource() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.name=orders")
        .run(context -> assertThat(context.getBean(TenantPoolDataSource.class).name()).isEqualTo("orders"));
  }

  @Test
  void anyOtherUrlLeavesBootsOwnDataSource() {
    runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://localhost:1/app").run(context -> {
      assertThat(context).hasSingleBean(HikariDataSource.class).doesNotHaveBean(TenantPoolDataSource.class);
      assertThat(context).doesNotHaveBean(TaskDecorator.class);
    });
  }

  @Test
  void everyKeyIsBoundInBootsRelaxedForms() {
    runner.withPropertyValues("spring.datasource.url=" + URL,
        "spring.datasource.tenantpool.maximum-pool-size=3",
        "spring.datasource.tenantpool.breaker.failureRateThreshold=40",
        "spring.datasource.tenantpool.default_tenant=acme",
        "spring.datasource.tenantpool.hibernate.root-tenant=template",
        "spring.datasource.tenantpool.metrics.tenant-tag=tier")
        .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SPRING_DATASOURCE_TENANTPOOL_MINIMUMIDLE", "1",
                    "SPRING_DATASOURCE_TENANTPOOL_CONNECTIONTIMEOUT", "2500"))))
        .run(context -> {
          TenantPoolDataSource dataSource = context.getBean(TenantPoolDataSource.class);
          assertThat(dataSource.setting(TenantPoolProperty.MAXIMUM_POOL_SIZE)).isEqualTo("3");
          assertThat(dataSource.setting(TenantPoolProperty.BREAKER_FAILURE_RATE_THRESHOLD)).isEqualTo("40");
          assertThat(dataSource.setting(TenantPoolProperty.DEFAULT_TENANT)).isEqualTo("acme");
          assertThat(dataSource.setting(TenantPoolProperty.HIBERNATE_ROOT_TENANT)).isEqualTo("template");
          assertThat(dataSource.setting(TenantPoolProperty.METRICS_TENANT_TAG)).isEqualTo("tier");
          assertThat(dataSource.setting(TenantPoolProperty.MINIMUM_IDLE)).isEqualTo("1");
          assertThat(dataSource.setting(TenantPoolProperty.CONNECTION_TIMEOUT)).isEqualTo("2500");
          assertThat(dataSource.setting(TenantPoolProperty.IDLE_TIMEOUT)).as("a default").isEqualTo("60000");
        });
  }

  @Test
  void aListIsTheDriversCommaSeparatedValue() {
    runner.withPropertyValues("spring.datasource.url=" + URL,
        "spring.datasource.tenantpool.reserved-tenants[0]=postgres",
        "spring.datasource.tenantpool.reserved-tenants[1]=template1")
        .run(context -> assertThat(context.getBean(TenantPoolDataSource.class).setting(TenantPoolProperty.RESERVED_TENANTS))
            .isEqualTo("postgres,template1"));
  }

  @Test
  void aTenantPatternWithCommasIsPassedAsWritten() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.tenantpool.tenant-pattern=[a-z]{2,8}")
        .run(context -> assertThat(context.getBean(TenantPoolDataSource.class).setting(TenantPoolProperty.TENANT_PATTERN))
            .isEqualTo("[a-z]{2,8}"));
  }

  @Test
  void tierKeysAreBoundInBootsFormToo() {
    runner.withPropertyValues("spring.datasource.url=" + URL,
        "spring.datasource.tenantpool.tier.pro.maximum-pool-size=8",
        "spring.datasource.tenantpool.tier.pro.breaker.wait-in-open=5000")
        .run(context -> assertThat(context.getBean(TenantPoolDataSource.class).toString())
            .contains("tenantpool.tier.pro.maximumPoolSize=8", "tenantpool.tier.pro.breaker.waitInOpen=5000"));
  }

  @Test
  void anUnknownTierKeyFailsStartUpWithTheDriversMessage() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.tenantpool.tier.pro.maximum-pool-sise=8")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("tenantpool.tier.pro.maximum-pool-sise"));
  }

  @Test
  void anUnknownKeyUnderThePrefixFailsStartUpNamingIt() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.tenantpool.maximum-pool-sise=3")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("unknown key spring.datasource.tenantpool.maximum-pool-sise")
            .hasMessageContaining("maximum-pool-size"));
  }

  @Test
  void anInvalidValueFailsStartUpWithTheDriversMessage() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.tenantpool.maximum-pool-size=lots")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("tenantpool.maximumPoolSize must be an integer from 1 to 10000, but was \"lots\""));
  }

  @Test
  void theStartersOwnKeysAreNotRefused() {
    runner.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.tenantpool.tenants=acme,globex",
        "spring.datasource.tenantpool.web.header=X-Org", "spring.datasource.tenantpool.web.exclude-paths[0]=/public")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(TenantPoolProperties.class).getTenants()).containsExactly("acme", "globex");
        });
  }

  @Test
  void theTaskDecoratorCarriesTheSubmittersTenantToAnotherThread() {
    runner.withPropertyValues("spring.datasource.url=" + URL).run(context -> {
      TaskDecorator decorator = context.getBean(TaskDecorator.class);
      AtomicReference<String> seen = new AtomicReference<>();
      Runnable task;
      try (TenantContext.Scope scope = TenantContext.use("acme")) {
        task = decorator.decorate(() -> seen.set(TenantContext.currentOrNull()));
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        CompletableFuture.runAsync(task, pool).get(10, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> assertThat(TenantContext.currentOrNull()).isNull(), pool).get(10, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(seen).hasValue("acme");
    });
  }

  @Test
  void aTenantPoolUrlMakesSliceTestsKeepTheDataSourceUnlessTheyAskOtherwise() {
    MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", URL);
    new TenantPoolTestDatabaseDefault().postProcessEnvironment(environment, null);
    assertThat(environment.getProperty(TenantPoolTestDatabaseDefault.REPLACE)).isEqualTo("NONE");

    environment.setProperty("spring.datasource.url", "jdbc:postgresql://localhost/app");
    assertThat(environment.getProperty(TenantPoolTestDatabaseDefault.REPLACE)).as("not ours: no opinion").isNull();

    environment.setProperty("spring.datasource.url", URL);
    environment.setProperty(TenantPoolTestDatabaseDefault.REPLACE, "ANY");
    assertThat(environment.getProperty(TenantPoolTestDatabaseDefault.REPLACE)).as("set elsewhere: that wins").isEqualTo("ANY");
  }
}
