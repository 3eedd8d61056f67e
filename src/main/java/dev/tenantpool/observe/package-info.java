/**
 * Metrics (Micrometer) and traces (OpenTelemetry API). No other package calls either library:
 * the router and the proxies report through {@link dev.tenantpool.observe.TenantTelemetry}.
 */
package dev.tenantpool.observe;
