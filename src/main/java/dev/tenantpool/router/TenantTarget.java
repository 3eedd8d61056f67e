package dev.tenantpool.router;

import dev.tenantpool.pool.PoolSettings;
import dev.tenantpool.resilience.BreakerSettings;
import dev.tenantpool.url.SafeText;
import java.util.Objects;
import java.util.Properties;

/**
 * Where one tenant's pool connects and how it is sized: the resolved target URL, the target
 * driver's properties (login included), the pool and breaker settings, and the tier that tags
 * its metrics. {@link #toString()} shows the URL and properties only as {@code SafeText} does.
 *
 * @param url the target driver's URL, placeholders substituted
 * @param properties the target driver's properties; never printed but by {@code SafeText}
 * @param pool the pool's sizing and timeouts
 * @param breaker the breaker's settings
 * @param tier the tier name ({@value #DEFAULT_TIER} when the tenant has none)
 */
public record TenantTarget(String url, Properties properties, PoolSettings pool, BreakerSettings breaker, String tier) {
  /** The tier of tenants without one (and of every tenant when there is no catalog). */
  public static final String DEFAULT_TIER = "default";

  /** The login, or null when the target driver gets none. */
  public String user() {
    return properties.getProperty("user");
  }

  /**
   * True when {@code other} may be served by the same pool: same URL, login, settings and tier
   * (pools are keyed by tenant, URL and user). Only the password and other driver properties may
   * differ, and those reach new physical connections without a new pool.
   */
  public boolean samePool(TenantTarget other) {
    return url.equals(other.url) && Objects.equals(user(), other.user()) && pool.equals(other.pool)
        && breaker.equals(other.breaker) && tier.equals(other.tier);
  }

  @Override
  public String toString() {
    return "TenantTarget[url=" + SafeText.url(url) + ", properties=" + SafeText.properties(properties)
        + ", tier=" + tier + ", pool=" + pool + ", breaker=" + breaker + "]";
  }
}
