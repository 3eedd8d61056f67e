package dev.tenantpool.spring.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the tenant of a request. Declare one as a bean to replace the starter's header-based
 * resolver ({@code X-Tenant-Id}, or {@code spring.datasource.tenantpool.web.header}): from a JWT
 * claim, the sub-domain, a path segment.
 *
 * <pre>{@code
 * @Bean
 * TenantResolver subdomainTenants() {
 *   return request -> request.getServerName().split("\\.")[0];   // acme.example.com -> acme
 * }
 * }</pre>
 *
 * <p>The filter checks what it returns as TenantPool checks every tenant id
 * ({@code tenantpool.tenantPattern}, {@code tenantpool.reservedTenants}) and answers 400 with a
 * problem-details body for none or an invalid one; the request never runs.
 */
@FunctionalInterface
public interface TenantResolver {
  /**
   * The tenant of {@code request}, or {@code null} (or blank) when the request names none.
   *
   * @param request the request, before any servlet or controller has seen it
   */
  String resolveTenant(HttpServletRequest request);
}
