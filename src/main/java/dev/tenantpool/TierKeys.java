package dev.tenantpool;

import dev.tenantpool.catalog.TierSpec;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tiers the data source's own keys define: {@code tenantpool.tier.<name>.<key>=value}, where
 * the key is one of the tenant-scoped pool and breaker keys, e.g.
 * {@code tenantpool.tier.pro.maximumPoolSize=20} or {@code tenantpool.tier.pro.breaker.waitInOpen=10000}.
 * Each key and value is checked like any other {@code tenantpool.*} key (SQLState 22023).
 */
final class TierKeys {
  private static final Pattern TIER_NAME = TierSpec.NAME;

  private TierKeys() {}

  /**
   * The tiers in {@code options}: tier name to its settings, keyed like the data source's own
   * ({@code tenantpool.maximumPoolSize}), so a tier's map can be laid over the data source's.
   */
  static Map<String, Map<String, String>> parse(Map<String, String> options) throws SQLException {
    Map<String, Map<String, String>> tiers = new TreeMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (!key.startsWith(TenantPoolProperty.TIER_PREFIX)) {
        continue;
      }
      String rest = key.substring(TenantPoolProperty.TIER_PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1 || !TIER_NAME.matcher(rest.substring(0, dot)).matches()) {
        throw TenantPoolSqlState.INVALID_CONFIGURATION.exception("tier keys are tenantpool.tier.<name>.<key> with a name"
            + " of letters, digits, '_' and '-', e.g. tenantpool.tier.pro.maximumPoolSize, but was " + key);
      }
      String name = rest.substring(0, dot);
      String field = rest.substring(dot + 1);
      TenantPoolProperty property = TenantPoolProperty.forKey(TenantPoolProperty.PREFIX + field);
      if (property == null || !property.isTenantScoped()) {
        throw TenantPoolSqlState.INVALID_CONFIGURATION.exception("unknown tier key " + key + "; a tier sets "
            + TenantPoolProperty.tenantScopedNames());
      }
      property.validate(key, option.getValue());
      tiers.computeIfAbsent(name, n -> new TreeMap<>()).put(property.key(), option.getValue());
    }
    tiers.replaceAll((name, settings) -> Collections.unmodifiableMap(settings));
    return Collections.unmodifiableMap(tiers);
  }
}
