package dev.tenantpool.url;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from URLs and properties before they reach a message, a log line, a metric, a
 * span or a {@code toString()}. Masking happens at the edge: every other class prints only what
 * this one returns.
 */
public final class SecretMasker {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  // Parameter names whose values are secrets, in ?a=b&c=d or ;a=b;c=d form.
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "([?&;](?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|apikey|api_key|credential)[A-Za-z0-9_.-]*)=)([^&;]*)",
          Pattern.CASE_INSENSITIVE);
  // user:password@ in an authority section.
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?&;]*:)([^@/?]*)(@)");

  private SecretMasker() {}

  /** {@code url} with every secret parameter value and user-info password replaced by {@link #MASK}. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = USER_INFO.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
  }

  /** True when a property of this name holds a secret. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("passwd") || k.contains("pwd") || k.contains("secret")
        || k.contains("token") || k.contains("apikey") || k.contains("api_key") || k.contains("credential");
  }

  /** A sorted, printable copy of {@code properties} with secret values masked. */
  public static Map<String, String> maskProperties(Properties properties) {
    Map<String, String> printable = new TreeMap<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        printable.put(key, isSecretKey(key) ? MASK : properties.getProperty(key));
      }
    }
    return printable;
  }
}
