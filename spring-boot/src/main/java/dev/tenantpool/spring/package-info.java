/**
 * TenantPool's Spring Boot 4 starter: with {@code spring.datasource.url} swapped to a
 * {@code jdbc:tenantpool:} URL, {@link dev.tenantpool.spring.TenantPoolAutoConfiguration} makes the
 * application's DataSource a {@link dev.tenantpool.TenantPoolDataSource}, configured by
 * {@code spring.datasource.*} and {@code spring.datasource.tenantpool.*}
 * ({@link dev.tenantpool.spring.TenantPoolKeys}). The sub-packages add Hibernate multi-tenancy
 * ({@code hibernate}), per-tenant Flyway and {@code spring.sql.init} ({@code migration}), the
 * request's tenant ({@code web}) and the actuator's health, endpoint and {@code db} contributor
 * ({@code actuate}), each only when the application has the library it serves.
 */
package dev.tenantpool.spring;
