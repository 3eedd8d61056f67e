package dev.tenantpool.spring;

import dev.tenantpool.TenantPoolProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The driver's {@code tenantpool.*} keys as a Spring Boot application writes them: under
 * {@code spring.datasource.tenantpool}, in Boot's relaxed form. {@code tenantpool.maximumPoolSize}
 * is {@code spring.datasource.tenantpool.maximum-pool-size} (or {@code .maximumPoolSize}, or the
 * environment variable {@code SPRING_DATASOURCE_TENANTPOOL_MAXIMUMPOOLSIZE}), and a tier key
 * {@code tenantpool.tier.pro.maximumPoolSize} is {@code spring.datasource.tenantpool.tier.pro.maximum-pool-size}.
 *
 * <p>As the driver refuses an unknown {@code tenantpool.*} key, so does the starter: a key under
 * the prefix that is neither the driver's nor the starter's fails start-up, so a typo never
 * passes unnoticed.
 */
public final class TenantPoolKeys {
  private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(TenantPoolProperties.PREFIX);
  private static final String TIER = "tier";

  /** The starter's own keys under the prefix ({@link TenantPoolProperties}), in canonical form. */
  static final List<String> STARTER_KEYS = List.of(
      "tenants", "web.enabled", "web.header", "web.exclude-paths", "web.listed-tenants-only", "web.filter-order");

  private TenantPoolKeys() {}

  /**
   * The name of {@code property} under {@code spring.datasource.tenantpool}, in Boot's canonical
   * (kebab-case) form: {@code breaker.failure-rate-threshold} for
   * {@code tenantpool.breaker.failureRateThreshold}.
   */
  public static String bootName(TenantPoolProperty property) {
    return kebab(property.key().substring(TenantPoolProperty.PREFIX.length()));
  }

  /** {@code maximumPoolSize} to {@code maximum-pool-size}, element by element. */
  static String kebab(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && camel.charAt(i - 1) != '.') {
          out.append('-');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Every driver key the environment sets under the prefix, as the driver's full key
   * ({@code tenantpool.maximumPoolSize}) to its value; tier keys included.
   *
   * @throws IllegalStateException naming each unknown key under the prefix
   */
  static Map<String, String> bind(Environment environment) {
    rejectUnknownKeys(environment);
    Binder binder = Binder.get(environment);
    Map<String, String> keys = new LinkedHashMap<>();
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      String name = TenantPoolProperties.PREFIX + "." + bootName(property);
      String value = binder.bind(name, String.class)
          // A YAML list (reserved-tenants: [a, b]) is the driver's comma-separated value.
          .orElseGet(() -> binder.bind(name, Bindable.listOf(String.class)).map(list -> String.join(",", list)).orElse(null));
      if (value != null) {
        keys.put(property.key(), value);
      }
    }
    binder.bind(TenantPoolProperties.PREFIX + "." + TIER, Bindable.mapOf(String.class, String.class))
        .ifBound(tiers -> tiers.forEach((tierAndKey, value) -> keys.put(tierKey(tierAndKey), value)));
    return keys;
  }

  // "pro.maximum-pool-size" to "tenantpool.tier.pro.maximumPoolSize"; a key the driver does not
  // know is passed on as written, and the driver's message names it.
  private static String tierKey(String tierAndKey) {
    int dot = tierAndKey.indexOf('.');
    if (dot < 0) {
      return TenantPoolProperty.TIER_PREFIX + tierAndKey;
    }
    String tier = tierAndKey.substring(0, dot);
    String written = tierAndKey.substring(dot + 1);
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      if (property.isTenantScoped() && relaxed(bootName(property)).equals(relaxed(written))) {
        return TenantPoolProperty.TIER_PREFIX + tier + "." + property.key().substring(TenantPoolProperty.PREFIX.length());
      }
    }
    return TenantPoolProperty.TIER_PREFIX + tier + "." + written;
  }

  private static String relaxed(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static void rejectUnknownKeys(Environment environment) {
    List<ConfigurationPropertyName> known = new ArrayList<>();
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      known.add(ConfigurationPropertyName.of(bootName(property)));
    }
    for (String key : STARTER_KEYS) {
      known.add(ConfigurationPropertyName.of(key));
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource) {
        ((IterableConfigurationPropertySource) source).stream()
            .filter(PREFIX::isAncestorOf)
            .forEach(name -> {
              ConfigurationPropertyName relative = withoutIndexes(name.subName(PREFIX.getNumberOfElements()));
              boolean tier = relative.getNumberOfElements() >= 3 && relative.getElement(0, ConfigurationPropertyName.Form.UNIFORM).equals(TIER);
              if (!tier && !known.contains(relative)) {
                unknown.add(name.toString());
              }
            });
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("unknown key" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
          + ": " + TenantPoolProperties.PREFIX + ".* holds TenantPool's tenantpool.* keys in Spring Boot's relaxed"
          + " form (e.g. " + bootName(TenantPoolProperty.MAXIMUM_POOL_SIZE) + ", "
          + bootName(TenantPoolProperty.BREAKER_FAILURE_RATE_THRESHOLD) + "; every key is listed by TenantPoolProperty and"
          + " in the README), tier.<name>.<key> for tiers, and the starter's own " + String.join(", ", STARTER_KEYS));
    }
  }

  private static ConfigurationPropertyName withoutIndexes(ConfigurationPropertyName name) {
    ConfigurationPropertyName result = name;
    while (!result.isEmpty() && result.isLastElementIndexed()) {
      result = result.getParent();
    }
    return result;
  }
}
