/** Hibernate multi-tenancy on the application's TenantPoolDataSource, through Boot's HibernatePropertiesCustomizer. */
package dev.tenantpool.spring.hibernate;
