package dev.tenantpool.demo;

import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantHealth;
import dev.tenantpool.TenantPoolDataSource;

/**
 * The {@code /health} document, from {@link TenantPoolDataSource#health()}: each tenant pool's
 * circuit state, connections and last error, and an overall status that is {@code DEGRADED} while
 * any tenant's circuit is not closed (the service still serves the other tenants, so it is not
 * "down"). Hand-written JSON: the
 * shape is small and fixed, and the demo stays free of a JSON library.
 */
final class HealthJson {
  private HealthJson() {}

  static String render(TenantPoolDataSource dataSource) {
    StringBuilder tenants = new StringBuilder();
    int unhealthy = 0;
    for (TenantHealth health : dataSource.health()) {
      if (!health.healthy() || health.circuit() == CircuitState.HALF_OPEN) {
        unhealthy++;
      }
      tenants.append(tenants.length() == 0 ? "\n    " : ",\n    ")
          .append("{\"tenant\": ").append(string(health.tenant()))
          .append(", \"circuit\": ").append(string(health.circuit().name()))
          .append(", \"healthy\": ").append(health.healthy())
          .append(", \"active\": ").append(health.active())
          .append(", \"idle\": ").append(health.idle())
          .append(", \"waiting\": ").append(health.waiting())
          .append(", \"total\": ").append(health.total())
          .append(", \"paused\": ").append(health.paused())
          .append(", \"lastError\": ").append(string(health.lastError()))
          .append(", \"lastErrorAt\": ").append(string(health.lastErrorAt() == null ? null : health.lastErrorAt().toString()))
          .append('}');
    }
    return "{\n  \"status\": " + string(unhealthy == 0 ? "UP" : "DEGRADED")
        + ",\n  \"pools\": " + dataSource.poolCount()
        + ",\n  \"tenants\": [" + tenants + (tenants.length() == 0 ? "" : "\n  ") + "]\n}\n";
  }

  /** {@code value} as a JSON string literal, or {@code null}. */
  static String string(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
