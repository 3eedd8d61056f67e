package dev.tenantpool.spring.web;

import jakarta.servlet.http.HttpServletRequest;

/** The tenant from one request header, {@code X-Tenant-Id} by default. */
public final class HeaderTenantResolver implements TenantResolver {
  private final String header;

  /** A resolver that reads {@code header}. */
  public HeaderTenantResolver(String header) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("spring.datasource.tenantpool.web.header must name a request header, but was \""
          + header + "\"");
    }
    this.header = header.trim();
  }

  /** The header's value, trimmed, or null when the request has none. */
  @Override
  public String resolveTenant(HttpServletRequest request) {
    String value = request.getHeader(header);
    return value == null ? null : value.trim();
  }

  /** The header this resolver reads. */
  public String header() {
    return header;
  }

  @Override
  public String toString() {
    return "HeaderTenantResolver[" + header + "]";
  }
}
