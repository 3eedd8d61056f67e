package dev.tenantpool.samples.apps;

import dev.tenantpool.samples.clinic.Vet;
import dev.tenantpool.samples.clinic.VetRepository;
import dev.tenantpool.samples.clinic.VetService;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * The clinic without any of TenantPool's set-up: entities, repository and service, and Spring
 * Boot's auto-configuration. Outside the clinic's package, so that slice tests there find only
 * the real application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = Vet.class)
@EnableJpaRepositories(basePackageClasses = VetRepository.class)
@Import(VetService.class)
public class SingleTenantApp {}
