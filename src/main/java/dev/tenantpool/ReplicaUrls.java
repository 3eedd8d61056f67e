package dev.tenantpool;

import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TenantPoolUrl;
import dev.tenantpool.url.TenantTemplate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The list form of read-replica URLs, in {@code tenantpool.replicaUrl} and in a catalog entry's
 * {@code replicas} field: URLs separated by commas. A comma separates two URLs only where the next
 * one starts ({@code ,jdbc:}), because a multi-host URL has commas of its own
 * ({@code jdbc:postgresql://r1,r2/app}). A catalog table's {@code options} may hold the field as a
 * JSON array of strings, which arrives as its JSON text.
 */
final class ReplicaUrls {
  /** Replicas one tenant may have: each position is a router of its own, created on first use. */
  static final int MAX = 8;

  private static final Pattern SEPARATOR = Pattern.compile(",\\s*(?=jdbc:)");
  private static final Pattern JSON_ITEM = Pattern.compile("\"\\s*,\\s*\"");

  private ReplicaUrls() {}

  /** The URLs of {@code value}, trimmed; empty for null or blank. */
  static List<String> split(String value) {
    List<String> urls = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return urls;
    }
    String text = value.trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      // A JSON array of strings, as a catalog table's jsonb options hand it over.
      String inner = text.substring(1, text.length() - 1).trim();
      if (inner.isEmpty()) {
        return urls;
      }
      if (inner.startsWith("\"") && inner.endsWith("\"")) {
        inner = inner.substring(1, inner.length() - 1);
      }
      for (String item : JSON_ITEM.split(inner, -1)) {
        urls.add(item.trim());
      }
      return urls;
    }
    for (String item : SEPARATOR.split(text, -1)) {
      urls.add(item.trim());
    }
    return urls;
  }

  /**
   * Why {@code url} cannot be a replica of a data source whose target uses {@code system}, or null:
   * it must be a target JDBC URL of the same subprotocol (the target's driver serves it).
   */
  static String problem(String url, String system) {
    if (!url.startsWith("jdbc:") || url.startsWith(TenantPoolUrl.PREFIX)) {
      return "must be a target JDBC URL such as jdbc:" + system + "://replica:5432/app_{tenant} (not jdbc:tenantpool:),"
          + " but was \"" + SafeText.url(url) + "\"";
    }
    String rest = url.substring("jdbc:".length());
    int colon = rest.indexOf(':');
    String subprotocol = colon < 0 ? rest : rest.substring(0, colon);
    if (!subprotocol.equals(system)) {
      return "must use the URL's subprotocol jdbc:" + system + ": (its driver), but uses jdbc:" + subprotocol + ":";
    }
    return null;
  }

  /** {@code value} as it may be printed: each URL as {@link SafeText#url} shows it. */
  static String printable(String value) {
    StringJoiner shown = new StringJoiner(",");
    for (String url : split(value)) {
      shown.add(SafeText.url(url));
    }
    return shown.toString();
  }

  /**
   * The templates of tenantpool.replicaUrl in {@code options}, each checked: a target URL of
   * {@code system}, the main URL's subprotocol.
   */
  static List<TenantTemplate> templates(Map<String, String> options, String system) throws SQLException {
    List<String> urls = split(TenantPoolProperty.REPLICA_URL.raw(options));
    if (urls.size() > MAX) {
      throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.REPLICA_URL.key()
          + " may name at most " + MAX + " replicas, but names " + urls.size());
    }
    List<TenantTemplate> templates = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String problem = problem(urls.get(i), system);
      if (problem != null) {
        throw TenantPoolSqlState.INVALID_CONFIGURATION.exception(TenantPoolProperty.REPLICA_URL.key()
            + (urls.size() > 1 ? " (replica " + (i + 1) + ")" : "") + " " + problem);
      }
      templates.add(TenantTemplate.of(urls.get(i)));
    }
    return List.copyOf(templates);
  }
}
