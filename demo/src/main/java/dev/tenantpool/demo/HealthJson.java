package dev.tenantpool.demo;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolDataSource.PoolStats;

/**
 * The {@code /health} document: each tenant pool's connections and circuit state, and an overall
 * status that is {@code DEGRADED} while any tenant's circuit is not closed. Hand-written JSON: the
 * shape is small and fixed, and the demo stays free of a JSON library.
 */
final class HealthJson {
  private HealthJson() {}

  static String render(TenantPoolDataSource dataSource) {
    StringBuilder tenants = new StringBuilder();
    int notClosed = 0;
    // TODO(issue 3): read dataSource.health() (TenantHealth: circuit, paused, lastError) once it lands.
    for (String tenant : dataSource.tenants()) {
      PoolStats pool = dataSource.stats(tenant);
      if (pool == null) {
        continue;
      }
      String circuit = "UNKNOWN";
      if (!circuit.equals("CLOSED") && !circuit.equals("DISABLED") && !circuit.equals("UNKNOWN")) {
        notClosed++;
      }
      tenants.append(tenants.length() == 0 ? "\n    " : ",\n    ")
          .append("{\"tenant\": ").append(string(tenant))
          .append(", \"active\": ").append(pool.active())
          .append(", \"idle\": ").append(pool.idle())
          .append(", \"waiting\": ").append(pool.waiting())
          .append(", \"total\": ").append(pool.total())
          .append(", \"circuit\": ").append(string(circuit))
          .append('}');
    }
    return "{\n  \"status\": " + string(notClosed == 0 ? "UP" : "DEGRADED")
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
