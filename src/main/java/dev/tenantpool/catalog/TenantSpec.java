package dev.tenantpool.catalog;

import dev.tenantpool.url.SafeText;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One tenant's catalog entry as written: every field may be absent ({@code null}), in which case
 * the data source's own setting applies. Immutable; {@link #toString()} never shows the password.
 *
 * @param tenant the tenant id
 * @param url the target JDBC URL, or null for the data source's {@code {tenant}} template
 * @param user the login, or null for the data source's
 * @param password the password, or null for the data source's; never printed
 * @param tier the tier name, or null for none
 * @param options the entry's own pool and breaker keys without the {@code tenantpool.} prefix
 *     ({@code maximumPoolSize}, {@code breaker.waitInOpen}, ...) and its {@code replicas} list, not yet validated
 * @param problem why the entry is malformed (naming the field, never a secret), or null
 */
public record TenantSpec(
    String tenant, String url, String user, String password, String tier, Map<String, String> options, String problem) {

  /** Copies {@code options} into a sorted, unmodifiable map. */
  public TenantSpec {
    Objects.requireNonNull(tenant, "tenant");
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /** The options with a {@code replicas} list shown as its URLs' safe parts (they may carry passwords). */
  private static Map<String, String> printable(Map<String, String> options) {
    String replicas = options.get("replicas");
    if (replicas == null) {
      return options;
    }
    // Each URL runs from its "jdbc:" to the next one, without the list's own punctuation
    // (commas, or a JSON array's brackets and quotes).
    java.util.StringJoiner shown = new java.util.StringJoiner(",");
    int at = replicas.indexOf("jdbc:");
    while (at >= 0) {
      int next = replicas.indexOf("jdbc:", at + 1);
      String url = replicas.substring(at, next < 0 ? replicas.length() : next).replaceAll("[\\s,\"\\]]+$", "");
      shown.add(SafeText.url(url));
      at = next;
    }
    Map<String, String> copy = new TreeMap<>(options);
    copy.put("replicas", shown.length() == 0 ? SafeText.HIDDEN : shown.toString());
    return copy;
  }

  @Override
  public String toString() {
    return "TenantSpec[tenant=" + tenant + ", url=" + SafeText.url(url) + ", user=" + user
        + ", password=" + (password == null ? "null" : SafeText.HIDDEN) + ", tier=" + tier + ", options=" + printable(options)
        + (problem == null ? "" : ", problem=" + problem) + "]";
  }
}
