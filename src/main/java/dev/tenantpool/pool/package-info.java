/**
 * One tenant's pool: HikariCP configuration and lifecycle, the shared pool threads, and the
 * connector through which every physical connection is opened. Depends on HikariCP only.
 */
package dev.tenantpool.pool;
