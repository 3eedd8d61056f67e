/**
 * Parsing {@code jdbc:tenantpool:} URLs and {@code {tenant}} templates, and what of a URL or of
 * properties may be printed: {@link dev.tenantpool.url.TargetAddress} reads a target URL's system,
 * hosts, ports and database (nothing else), {@link dev.tenantpool.url.SafeText} is what every
 * message, log line, metric, span and {@code toString()} prints. Depends on nothing else in
 * TenantPool.
 */
package dev.tenantpool.url;
