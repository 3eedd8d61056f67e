/**
 * One tenant's pool: HikariCP configuration and lifecycle, the shared pool threads (seen by each
 * pool through {@code TenantThreads}, which sets the MDC key {@code tenant} for its background
 * work), and the connector through which every physical connection is opened. Depends on
 * HikariCP and SLF4J only.
 */
package dev.tenantpool.pool;
