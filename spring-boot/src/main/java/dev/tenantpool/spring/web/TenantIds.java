package dev.tenantpool.spring.web;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The data source's rule for tenant ids, applied before a request runs: the id matches
 * {@code tenantpool.tenantPattern} in full and is none of {@code tenantpool.reservedTenants}
 * (compared without case), as TenantPool itself checks it. Read from the data source's public
 * settings once.
 */
final class TenantIds {
  private final Pattern pattern;
  private final Set<String> reserved = new TreeSet<>();

  TenantIds(TenantPoolDataSource dataSource) {
    this.pattern = Pattern.compile(dataSource.setting(TenantPoolProperty.TENANT_PATTERN));
    String list = dataSource.setting(TenantPoolProperty.RESERVED_TENANTS);
    if (list != null) {
      for (String id : list.split(",")) {
        if (!id.isBlank()) {
          reserved.add(id.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  /** Whether TenantPool accepts {@code tenant} as a tenant id. */
  boolean accepts(String tenant) {
    return pattern.matcher(tenant).matches() && !reserved.contains(tenant.toLowerCase(Locale.ROOT));
  }

  /** The pattern, for messages. */
  String pattern() {
    return pattern.pattern();
  }
}
