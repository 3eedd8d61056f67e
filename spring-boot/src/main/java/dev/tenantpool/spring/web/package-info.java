/**
 * The request's tenant for servlet web applications: {@link dev.tenantpool.spring.web.TenantContextFilter}
 * opens each request's TenantContext from a {@link dev.tenantpool.spring.web.TenantResolver}.
 */
package dev.tenantpool.spring.web;
