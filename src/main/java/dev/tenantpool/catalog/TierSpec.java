package dev.tenantpool.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tier as a catalog file defines it: a named set of pool and breaker keys.
 *
 * @param name the tier name
 * @param options its keys without the {@code tenantpool.} prefix, not yet validated
 * @param problem why the definition is malformed, or null
 */
public record TierSpec(String name, Map<String, String> options, String problem) {
  /** What a tier name may look like (it becomes a key segment and a metrics tag value). */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  /** Copies {@code options} into a sorted, unmodifiable map. */
  public TierSpec {
    Objects.requireNonNull(name, "name");
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }
}
