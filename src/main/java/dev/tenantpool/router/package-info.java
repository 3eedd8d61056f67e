/**
 * Routing: tenant to pool, lazy single-flight creation, eviction and shutdown. Talks to the
 * pool, proxy, resilience and observe packages.
 */
package dev.tenantpool.router;
