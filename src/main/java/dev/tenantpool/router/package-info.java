/**
 * Routing: tenant to pool, lazy single-flight creation, retirement and shutdown, one job per
 * class around the borrow in {@link dev.tenantpool.router.TenantRouter}. Uses the pool, proxy,
 * resilience, observe and url packages and the API's vocabulary.
 */
package dev.tenantpool.router;
