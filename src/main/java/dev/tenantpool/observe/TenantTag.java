package dev.tenantpool.observe;

import java.util.Locale;

/**
 * How meters are tagged by tenant ({@code tenantpool.metrics.tenantTag}): a tag per tenant is
 * fine for 50 tenants and ruinous for 50,000, so the user caps the cardinality.
 */
public enum TenantTag {
  /** Tag {@code tenant} with the tenant id: one series per tenant. */
  TENANT,
  /** Tag {@code tier} with the tenant's tier: one series per tier. */
  TIER,
  /** No tenant tag: one series for all tenants. */
  NONE;

  /** The constant for {@code value} ({@code tenant}, {@code tier}, {@code none}), or null. */
  public static TenantTag parse(String value) {
    for (TenantTag tag : values()) {
      if (tag.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return tag;
      }
    }
    return null;
  }
}
