package dev.tenantpool.router;

import dev.tenantpool.TenantPoolSqlState;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a tenant id must be before it reaches a URL, a pool or a meter: it matches
 * {@code tenantpool.tenantPattern} in full, and is none of {@code tenantpool.reservedTenants}
 * (by default the names PostgreSQL gives its own databases and schemas, {@code postgres},
 * {@code template1}, {@code public}, ...: an id that reaches no tenant's data but the server's).
 * Reserved ids are compared without case, as PostgreSQL folds unquoted names.
 */
public final class TenantIdRule {
  private static final int MAX_TENANT_IN_MESSAGE = 80;

  private final Pattern pattern;
  private final Set<String> reserved;

  /**
   * @param pattern what every id must match in full
   * @param reserved ids refused whatever the pattern says (compared without case)
   */
  public TenantIdRule(Pattern pattern, Set<String> reserved) {
    this.pattern = pattern;
    Set<String> lower = new TreeSet<>();
    for (String id : reserved) {
      lower.add(id.toLowerCase(Locale.ROOT));
    }
    this.reserved = Set.copyOf(lower);
  }

  /**
   * Checks {@code tenant}, naming {@code what} it is in the message ("tenant id", "tenantpool.defaultTenant").
   *
   * @throws SQLException TP002 saying what is wrong and what to do
   */
  public void check(String tenant, String what) throws SQLException {
    if (tenant == null || !pattern.matcher(tenant).matches()) {
      throw TenantPoolSqlState.INVALID_TENANT.exception(what + " " + printable(tenant)
          + " does not match tenantpool.tenantPattern " + pattern.pattern()
          + "; use letters, digits, '_' and '-', or set tenantpool.tenantPattern");
    }
    if (!reserved.isEmpty() && reserved.contains(tenant.toLowerCase(Locale.ROOT))) {
      throw TenantPoolSqlState.INVALID_TENANT.exception(what + " " + printable(tenant)
          + " is reserved (tenantpool.reservedTenants): it names one of the server's own databases or"
          + " schemas, not a tenant's; use another id, or remove it from tenantpool.reservedTenants");
    }
  }

  /** The pattern ids must match. */
  public Pattern pattern() {
    return pattern;
  }

  /** The id quoted, cut to a readable length and with control characters escaped. */
  static String printable(String tenant) {
    if (tenant == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int end = Math.min(tenant.length(), MAX_TENANT_IN_MESSAGE);
    for (int i = 0; i < end; i++) {
      char c = tenant.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (tenant.length() > end) {
      out.append("... (").append(tenant.length()).append(" characters)");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "TenantIdRule[pattern=" + pattern.pattern() + ", reserved=" + reserved + "]";
  }
}
