/** Boot's Flyway migration and spring.sql.init, run once per tenant instead of once for no tenant. */
package dev.tenantpool.spring.migration;
