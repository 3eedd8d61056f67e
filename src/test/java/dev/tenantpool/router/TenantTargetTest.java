package dev.tenantpool.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.pool.PoolSettings;
import dev.tenantpool.resilience.BreakerSettings;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TenantTargetTest {
  private static final PoolSettings POOL = new PoolSettings(5, 0, 10_000, 60_000, 1_800_000, 0, 5_000);
  private static final BreakerSettings BREAKER = new BreakerSettings(true, 50, 10, 20, 30_000, 3, 0);

  private static TenantTarget target(String url, String user, String password, PoolSettings pool, String tier) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return new TenantTarget(url, properties, pool, BREAKER, tier);
  }

  @Test
  void keepsThePoolWhenOnlyThePasswordChanges() {
    TenantTarget before = target("jdbc:postgresql://db/acme", "acme", "old-secret", POOL, "pro");
    TenantTarget after = target("jdbc:postgresql://db/acme", "acme", "new-secret", POOL, "pro");
    assertThat(before.samePool(after)).isTrue();
    assertThat(before.properties()).isNotEqualTo(after.properties());
  }

  @Test
  void needsANewPoolWhenUrlLoginTierOrSettingsChange() {
    TenantTarget base = target("jdbc:postgresql://db/acme", "acme", "s", POOL, "pro");
    assertThat(base.samePool(target("jdbc:postgresql://db2/acme", "acme", "s", POOL, "pro"))).isFalse();
    assertThat(base.samePool(target("jdbc:postgresql://db/acme", "acme2", "s", POOL, "pro"))).isFalse();
    assertThat(base.samePool(target("jdbc:postgresql://db/acme", "acme", "s", POOL, "free"))).isFalse();
    assertThat(base.samePool(target("jdbc:postgresql://db/acme", "acme", "s",
        new PoolSettings(6, 0, 10_000, 60_000, 1_800_000, 0, 5_000), "pro"))).isFalse();
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(target("jdbc:postgresql://db/acme?password=url-secret", "acme", "prop-secret", POOL, "pro").toString())
        .doesNotContain("url-secret").doesNotContain("prop-secret");
  }
}
