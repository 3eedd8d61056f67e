package dev.tenantpool.catalog;

import dev.tenantpool.url.SafeText;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One immutable reading of a catalog: its tenants and tier definitions. A reload builds a new
 * one and swaps it in whole, so a lookup never sees half a reload.
 */
final class CatalogContent {
  static final String URL = "url";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String TIER = "tier";
  static final Pattern TIER_NAME = TierSpec.NAME;

  static final CatalogContent EMPTY = new CatalogContent(Map.of(), Map.of());

  private final Map<String, TenantSpec> tenants;
  private final Map<String, TierSpec> tiers;

  private CatalogContent(Map<String, TenantSpec> tenants, Map<String, TierSpec> tiers) {
    this.tenants = tenants;
    this.tiers = tiers;
  }

  /** Collects raw entries: fields by name, values as written ({@code null} = absent). */
  static final class Builder {
    private final Map<String, TenantSpec> tenants = new LinkedHashMap<>();
    private final Map<String, TierSpec> tiers = new LinkedHashMap<>();

    /** Adds {@code tenant} from its raw fields; a field that cannot be right makes the entry malformed. */
    Builder tenant(String tenant, Map<String, String> fields) {
      tenants.put(tenant, spec(tenant, fields));
      return this;
    }

    /** Adds {@code tenant} as malformed for {@code problem} (the shape of its entry is wrong). */
    Builder malformedTenant(String tenant, String problem) {
      tenants.put(tenant, new TenantSpec(tenant, null, null, null, null, Map.of(), problem));
      return this;
    }

    Builder tier(String name, Map<String, String> options) {
      String problem = TIER_NAME.matcher(name).matches() ? null
          : "tier names use letters, digits, '_' and '-' (at most 63 characters)";
      Map<String, String> kept = new HashMap<>();
      options.forEach((key, value) -> {
        if (value != null) {
          kept.put(key, value);
        }
      });
      tiers.put(name, new TierSpec(name, kept, problem));
      return this;
    }

    Builder malformedTier(String name, String problem) {
      tiers.put(name, new TierSpec(name, Map.of(), problem));
      return this;
    }

    CatalogContent build() {
      return new CatalogContent(Collections.unmodifiableMap(tenants), Collections.unmodifiableMap(tiers));
    }
  }

  private static TenantSpec spec(String tenant, Map<String, String> fields) {
    String url = null;
    String user = null;
    String password = null;
    String tier = null;
    String problem = null;
    Map<String, String> options = new HashMap<>();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String value = field.getValue();
      if (value == null) {
        continue; // written without a value: absent, the data source's setting applies
      }
      switch (field.getKey()) {
        case URL:
          url = value.trim();
          if (!url.startsWith("jdbc:") || url.startsWith("jdbc:tenantpool:")) {
            problem = first(problem, "field url must be a target JDBC URL such as jdbc:postgresql://db:5432/acme"
                + " (not jdbc:tenantpool:), but was \"" + SafeText.url(url) + "\"");
          }
          break;
        case USER:
          user = value;
          break;
        case PASSWORD:
          password = value;
          break;
        case TIER:
          tier = value.trim();
          if (!TIER_NAME.matcher(tier).matches()) {
            problem = first(problem, "field tier must be a tier name (letters, digits, '_', '-'), but was \"" + tier + "\"");
          }
          break;
        default:
          options.put(field.getKey(), value.trim());
          break;
      }
    }
    return new TenantSpec(tenant, url, user, password, tier, options, problem);
  }

  private static String first(String existing, String problem) {
    return existing != null ? existing : problem;
  }

  TenantSpec tenant(String tenant) {
    return tenants.get(tenant);
  }

  TierSpec tier(String tier) {
    return tiers.get(tier);
  }

  int size() {
    return tenants.size();
  }

  /** The tenant ids of this reading. */
  Set<String> tenants() {
    return tenants.keySet();
  }

  /** This reading with {@code kept} entries (of tenants it does not list) added back. */
  CatalogContent keeping(List<TenantSpec> kept) {
    Map<String, TenantSpec> all = new LinkedHashMap<>(tenants);
    for (TenantSpec spec : kept) {
      all.putIfAbsent(spec.tenant(), spec);
    }
    return new CatalogContent(Collections.unmodifiableMap(all), tiers);
  }

  /**
   * The tenants whose effective entry differs in {@code newer}: added, removed or changed, or
   * whose tier's definition in the catalog changed.
   */
  Set<String> changedTenants(CatalogContent newer) {
    Set<String> changed = new TreeSet<>();
    for (Map.Entry<String, TenantSpec> entry : tenants.entrySet()) {
      TenantSpec now = newer.tenants.get(entry.getKey());
      if (!entry.getValue().equals(now) || !sameTier(entry.getValue(), newer)) {
        changed.add(entry.getKey());
      }
    }
    for (String tenant : newer.tenants.keySet()) {
      if (!tenants.containsKey(tenant)) {
        changed.add(tenant);
      }
    }
    return changed;
  }

  private boolean sameTier(TenantSpec spec, CatalogContent newer) {
    return spec.tier() == null || Objects.equals(tiers.get(spec.tier()), newer.tiers.get(spec.tier()));
  }
}
