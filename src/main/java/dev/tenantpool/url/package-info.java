/**
 * Parsing {@code jdbc:tenantpool:} URLs, {@code {tenant}} templates, and masking secrets. Depends
 * on nothing else in TenantPool.
 */
package dev.tenantpool.url;
