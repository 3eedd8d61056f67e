package dev.tenantpool.url;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What of a URL or a set of properties may be printed. Every message, log line, metric, span and
 * {@code toString()} that mentions a URL or properties prints only what this class returns.
 *
 * <p>It describes by what is known to be safe (an allow-list), never by looking for what is
 * secret: drivers put passwords after {@code ;}, before {@code @}, in the query and in
 * properties, and no list of secret shapes covers them all. A URL is shown as its database
 * system, hosts, ports and database ({@link TargetAddress#describe()}); properties as their names,
 * with the values of a few harmless keys ({@code user}, {@code currentSchema}, {@code sslmode},
 * ...).
 */
public final class SafeText {
  /** What stands for a value that is not shown. */
  public static final String HIDDEN = "***";

  // Properties whose values are shown (when made of plain characters): they name things, they
  // do not grant access.
  private static final Set<String> SHOWN_PROPERTIES = Set.of(
      "user", "currentSchema", "sslmode", "ApplicationName", "connectTimeout", "socketTimeout", "loginTimeout");

  private SafeText() {}

  /**
   * {@code url} as it may be printed: a {@code jdbc:tenantpool:} or target JDBC URL as its system,
   * hosts, ports and database only ({@code jdbc:tenantpool:sqlserver://db:1433/app_{tenant}}); a
   * {@code file:} path when it has only plain characters; anything else as its scheme and
   * {@code ?}. Null for null, and empty for empty.
   */
  public static String url(String url) {
    if (url == null || url.isEmpty()) {
      return url;
    }
    if (url.startsWith(TenantPoolUrl.PREFIX)) {
      String target = TargetAddress.parse("jdbc:" + url.substring(TenantPoolUrl.PREFIX.length())).describe();
      return TenantPoolUrl.PREFIX + target.substring("jdbc:".length());
    }
    if (url.startsWith("jdbc:")) {
      return TargetAddress.parse(url).describe();
    }
    if (url.startsWith("file:")) {
      String path = url.substring("file:".length());
      return "file:" + (TargetUrlGrammar.consistsOf(path, "/\\.-_~: ") ? path : TargetAddress.UNKNOWN);
    }
    int colon = url.indexOf(':');
    String scheme = colon > 0 ? url.substring(0, colon) : "";
    boolean isScheme = !scheme.isEmpty() && TargetUrlGrammar.isAsciiLetter(scheme.charAt(0))
        && TargetUrlGrammar.consistsOf(scheme, "+.-") && !scheme.contains(TenantTemplate.PLACEHOLDER);
    return isScheme ? scheme + ":" + TargetAddress.UNKNOWN : TargetAddress.UNKNOWN;
  }

  /**
   * True when a property of this name holds a secret (its name contains {@code pass},
   * {@code pwd}, {@code secret}, {@code token}, {@code key} or {@code credential}): its value is
   * never shown, not even by a key this class would otherwise show.
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("pass") || k.contains("pwd") || k.contains("secret") || k.contains("token") || k.contains("key")
        || k.contains("credential");
  }

  /**
   * A sorted, printable view of {@code properties}: every name (or {@code ?} for a name with
   * unusual characters), with the value only for {@code user}, {@code currentSchema},
   * {@code sslmode}, {@code ApplicationName} and the timeouts, and only when it has plain
   * characters; {@link #HIDDEN} for every other value.
   */
  public static Map<String, String> properties(Properties properties) {
    Map<String, String> printable = new TreeMap<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        String value = properties.getProperty(key);
        boolean shown = SHOWN_PROPERTIES.contains(key) && !isSecretKey(key) && TargetUrlGrammar.consistsOf(value, "._-");
        printable.put(TargetUrlGrammar.consistsOf(key, "._-") ? key : TargetAddress.UNKNOWN, shown ? value : HIDDEN);
      }
    }
    return printable;
  }
}
