package dev.tenantpool.spring.actuate;

import dev.tenantpool.CircuitState;
import dev.tenantpool.PoolView;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.TenantPoolDataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code tenantpool} health contributor: per tenant with a pool, its status ({@code UP},
 * {@code DOWN} while its circuit is open, {@code OUT_OF_SERVICE} while paused), connection counts,
 * circuit, acquisition max and p99, and last failure; and each tenant of
 * {@code spring.datasource.tenantpool.tenants} that has no pool because its circuit opened before
 * one could be created. Nothing is probed: it reads what the pools know. One tenant's open circuit leaves the contributor UP unless
 * {@code management.health.tenantpool.tenant-outage-status} says otherwise; a paused tenant is
 * maintenance, not an outage.
 */
public final class TenantPoolHealthIndicator extends AbstractHealthIndicator {
  private final TenantPoolDataSource dataSource;
  private final AcquisitionTimes times;
  private final Status outageStatus;
  private final List<String> listed;

  TenantPoolHealthIndicator(TenantPoolDataSource dataSource, AcquisitionTimes times, String outageStatus,
      List<String> listed) {
    super("TenantPool health check failed");
    this.dataSource = dataSource;
    this.times = times;
    this.listed = List.copyOf(listed);
    this.outageStatus = new Status(outageStatus.trim().toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Map<String, Object> tenants = new LinkedHashMap<>();
    Map<String, Object> replicaDetails = new LinkedHashMap<>();
    List<String> outages = new ArrayList<>();
    Map<String, Integer> replicas = new LinkedHashMap<>();
    for (PoolView pool : dataSource.pools()) {
      if (!TenantHealth.PRIMARY.equals(pool.role())) {
        // A read replica's pool: shown beside its tenant's, never its outage (reads fall back to
        // the primary unless tenantpool.replica.fallback=none).
        int ordinal = replicas.merge(pool.tenant(), 1, Integer::sum);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("active", pool.active());
        details.put("idle", pool.idle());
        details.put("total", pool.total());
        details.put("circuit", pool.circuit().name());
        if (pool.lastError() != null) {
          details.put("lastError", pool.lastError());
        }
        replicaDetails.put(pool.tenant() + "/replica" + (ordinal == 1 ? "" : String.valueOf(ordinal)), details);
        continue;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      String status = pool.circuit() == CircuitState.OPEN ? Status.DOWN.getCode()
          : pool.paused() ? Status.OUT_OF_SERVICE.getCode() : Status.UP.getCode();
      if (pool.circuit() == CircuitState.OPEN) {
        outages.add(pool.tenant());
      }
      details.put("status", status);
      details.put("active", pool.active());
      details.put("idle", pool.idle());
      details.put("waiting", pool.waiting());
      details.put("total", pool.total());
      details.put("circuit", pool.circuit().name());
      details.put("paused", pool.paused());
      AcquisitionTimes.Times acquire = times.of(pool.tenant());
      if (acquire.maxMs() != null) {
        details.put("acquireMaxMs", acquire.maxMs());
      }
      if (acquire.p99Ms() != null) {
        details.put("acquireP99Ms", acquire.p99Ms());
      }
      if (pool.lastError() != null) {
        details.put("lastError", pool.lastError());
        details.put("lastErrorAt", String.valueOf(pool.lastErrorAt()));
      }
      tenants.put(pool.tenant(), details);
    }
    // A listed tenant whose pool could not be created (its database is missing or down since
    // start-up) has no row above, but its breaker remembers the failures.
    for (String tenant : listed) {
      if (!tenants.containsKey(tenant) && dataSource.circuitState(tenant) == CircuitState.OPEN) {
        outages.add(tenant);
        tenants.put(tenant, Map.of("status", Status.DOWN.getCode(), "circuit", CircuitState.OPEN.name(), "pool", false));
      }
    }
    builder.status(outages.isEmpty() ? Status.UP : outageStatus)
        .withDetail("dataSource", dataSource.name())
        .withDetail("pools", tenants.size());
    if (!outages.isEmpty()) {
      builder.withDetail("circuitOpen", outages);
    }
    builder.withDetail("tenants", tenants);
    if (!replicaDetails.isEmpty()) {
      builder.withDetail("replicas", replicaDetails);
    }
  }
}
