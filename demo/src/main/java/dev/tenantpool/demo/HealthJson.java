package dev.tenantpool.demo;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.TenantPoolDataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /health} document, from {@link TenantPoolDataSource#health()}: each tenant pool's
 * circuit state, connections and last error, and an overall status that is {@code DEGRADED} while
 * any tenant's circuit is not closed (the service still serves the other tenants, so it is not
 * "down").
 */
final class HealthJson {
  private static final JsonMapper JSON = JsonMapper.shared();

  private HealthJson() {}

  static String render(TenantPoolDataSource dataSource) {
    List<Map<String, Object>> tenants = new ArrayList<>();
    int unhealthy = 0;
    for (TenantHealth health : dataSource.health()) {
      if (!health.healthy() || health.circuit() == CircuitState.HALF_OPEN) {
        unhealthy++;
      }
      Map<String, Object> tenant = new LinkedHashMap<>();
      tenant.put("tenant", health.tenant());
      tenant.put("circuit", health.circuit().name());
      tenant.put("healthy", health.healthy());
      tenant.put("active", health.active());
      tenant.put("idle", health.idle());
      tenant.put("waiting", health.waiting());
      tenant.put("total", health.total());
      tenant.put("paused", health.paused());
      tenant.put("lastError", health.lastError());
      tenant.put("lastErrorAt", health.lastErrorAt() == null ? null : health.lastErrorAt().toString());
      tenants.add(tenant);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("status", unhealthy == 0 ? "UP" : "DEGRADED");
    document.put("pools", dataSource.poolCount());
    document.put("tenants", tenants);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
  }
}
