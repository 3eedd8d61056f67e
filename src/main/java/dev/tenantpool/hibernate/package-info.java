/**
 * Hibernate ORM 7 multi-tenancy on TenantPool, configured by settings alone:
 *
 * <pre>
 * jakarta.persistence.jdbc.url=jdbc:tenantpool:postgresql://db:5432/app_{tenant}
 * hibernate.multi_tenant_connection_provider=dev.tenantpool.hibernate.TenantPoolConnectionProvider
 * hibernate.tenant_identifier_resolver=dev.tenantpool.hibernate.TenantContextResolver
 * tenantpool.hibernate.rootTenant=template
 * </pre>
 *
 * <p>Hibernate is an optional dependency of the driver: only this package refers to it, and
 * nothing outside it refers to this package, so the driver loads and runs without Hibernate on
 * the classpath. {@link dev.tenantpool.hibernate.TenantPoolIntegrator} is found by Hibernate
 * through {@code META-INF/services} and hands the resolver its settings; those service files are
 * not read on the module path, so the integration is for the class path (README, Architecture).
 */
package dev.tenantpool.hibernate;
