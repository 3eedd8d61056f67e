/**
 * Metrics (Micrometer) and traces (OpenTelemetry API). No other package calls either library:
 * the router and the proxies report through {@link dev.tenantpool.observe.TenantTelemetry}.
 * Meter names, tags and span attributes are a public contract, documented in
 * {@code docs/observability.md}; no literal or bound value of a statement reaches a span
 * ({@link dev.tenantpool.observe.SqlSanitizer}).
 */
package dev.tenantpool.observe;
