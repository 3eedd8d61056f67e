package dev.tenantpool.spring.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A JPA application with nothing of TenantPool's but its URL (the tests set it): entities, a
 * Spring Data repository, a service, Flyway migrations and {@code @Async}.
 */
@SpringBootApplication
@EnableAsync
public class JpaApp {}
