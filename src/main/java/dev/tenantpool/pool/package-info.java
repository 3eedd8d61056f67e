/**
 * One tenant's pool: HikariCP configuration and lifecycle, the shared pool threads (seen by each
 * pool through {@code TenantThreads}, which sets the MDC key {@code tenant} for its background
 * work), the per-server connection budget, and the connector through which every physical
 * connection is opened. The only package that calls HikariCP; besides it, it uses the url and
 * observe packages and the API's vocabulary (the README's architecture table, kept true by
 * ArchitectureTest).
 */
package dev.tenantpool.pool;
