package dev.tenantpool.router;

import dev.tenantpool.cluster.ClusterSettings;
import dev.tenantpool.observe.ObserveSettings;
import dev.tenantpool.pool.PoolSettings;
import dev.tenantpool.resilience.BreakerSettings;
import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TenantTemplate;
import java.util.Properties;

/**
 * Everything a {@link TenantRouter} needs, validated by the public layer. {@link #toString()}
 * shows the URL and properties only as {@link SafeText} does.
 *
 * @param name prefix of the pool names ({@code name-tenant}), unique per router
 * @param targetUrl the target driver's URL with {@code {tenant}} placeholders
 * @param targetProperties the target driver's properties; values may hold placeholders too
 * @param tenantIds what every tenant id must be (tenantpool.tenantPattern, tenantpool.reservedTenants)
 * @param tenantGuard whether connections refuse use under another tenant's context
 * @param shutdownTimeoutMs how long close waits for leased connections
 * @param pool each tenant pool's settings
 * @param breaker each tenant breaker's settings
 * @param traceEveryRefusal whether every refusal of an open circuit walks the stack (otherwise one a second per tenant)
 * @param observe where metrics and spans go
 * @param maxTotalConnections physical connections allowed per database server across tenants (0: no cap)
 * @param poolIdleTimeoutMs a pool unused this long is closed (0: never)
 * @param maxPools most tenant pools open at once (0: no limit)
 * @param virtualThreads whether HikariCP's per-pool helper threads are virtual (on JDK 21 and newer)
 * @param cluster the cluster budget's settings (tenantpool.clusterBudget), or null without one
 * @param replica which read replica of each tenant the router's targets are (1 for the first), or
 *     0 for the primary: says whose circuit a transition is of, in the log and to listeners
 */
public record RouterSettings(
    String name,
    TenantTemplate targetUrl,
    Properties targetProperties,
    TenantIdRule tenantIds,
    boolean tenantGuard,
    long shutdownTimeoutMs,
    PoolSettings pool,
    BreakerSettings breaker,
    boolean traceEveryRefusal,
    ObserveSettings observe,
    int maxTotalConnections,
    long poolIdleTimeoutMs,
    int maxPools,
    boolean virtualThreads,
    ClusterSettings cluster,
    int replica) {

  @Override
  public String toString() {
    return "RouterSettings[name=" + name + ", targetUrl=" + targetUrl + ", targetProperties="
        + SafeText.properties(targetProperties) + ", tenantIds=" + tenantIds + ", tenantGuard=" + tenantGuard
        + ", shutdownTimeoutMs=" + shutdownTimeoutMs + ", pool=" + pool + ", breaker=" + breaker
        + ", traceEveryRefusal=" + traceEveryRefusal + ", observe=" + observe + ", maxTotalConnections=" + maxTotalConnections + ", poolIdleTimeoutMs="
        + poolIdleTimeoutMs + ", maxPools=" + maxPools + ", virtualThreads=" + virtualThreads + ", cluster=" + cluster
        + ", replica=" + replica + "]";
  }
}
