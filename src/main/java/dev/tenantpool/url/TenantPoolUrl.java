package dev.tenantpool.url;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed {@code jdbc:tenantpool:} URL: the target driver's URL (still holding its
 * {@code {tenant}} placeholders) and the {@code tenantpool.*} options found in its query.
 *
 * <pre>
 * jdbc:tenantpool:postgresql://db:5432/app_{tenant}?sslmode=require&amp;tenantpool.maximumPoolSize=10
 *                 \_____ target, prefixed with "jdbc:" ______________/ \___ option, removed ____/
 * </pre>
 *
 * <p>Options are read from the {@code ?}/{@code &amp;} query only (the form pgJDBC and most drivers
 * use); their values are URL-decoded. Parsing knows nothing of the keys' meanings: validation is
 * the public layer's job.
 */
public final class TenantPoolUrl {
  /** Every URL TenantPool accepts starts with this. */
  public static final String PREFIX = "jdbc:tenantpool:";

  private static final String OPTION_PREFIX = "tenantpool.";

  private final String targetTemplate;
  private final Map<String, String> options;

  private TenantPoolUrl(String targetTemplate, Map<String, String> options) {
    this.targetTemplate = targetTemplate;
    this.options = options;
  }

  /** True for exactly the URLs that start with {@link #PREFIX} (case-sensitive, like pgJDBC). */
  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * Splits {@code url} into target and options.
   *
   * @throws IllegalArgumentException with a message that says what to fix, if the URL is not a
   *     {@code jdbc:tenantpool:} URL or names no target
   */
  public static TenantPoolUrl parse(String url) {
    if (!accepts(url)) {
      throw new IllegalArgumentException("not a TenantPool URL; it must start with " + PREFIX);
    }
    String rest = url.substring(PREFIX.length());
    if (rest.isEmpty() || rest.startsWith("?") || rest.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "the target URL after " + PREFIX + " must be a driver URL without its \"jdbc:\" prefix,"
              + " e.g. " + PREFIX + "postgresql://db:5432/app_{tenant}, but was \""
              + SafeText.url(rest) + "\"");
    }
    int query = rest.indexOf('?');
    if (query < 0) {
      return new TenantPoolUrl("jdbc:" + rest, Collections.emptyMap());
    }
    Map<String, String> options = new LinkedHashMap<>();
    StringBuilder kept = new StringBuilder(rest.length() + 5).append("jdbc:").append(rest, 0, query);
    char separator = '?';
    for (String parameter : rest.substring(query + 1).split("&", -1)) {
      if (parameter.isEmpty()) {
        continue;
      }
      int eq = parameter.indexOf('=');
      String name = decode(eq < 0 ? parameter : parameter.substring(0, eq));
      if (name.startsWith(OPTION_PREFIX)) {
        options.put(name, eq < 0 ? "" : decode(parameter.substring(eq + 1)));
      } else {
        kept.append(separator).append(parameter);
        separator = '&';
      }
    }
    return new TenantPoolUrl(kept.toString(), Collections.unmodifiableMap(options));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A stray '%' is kept as written rather than failing the whole URL.
      return text;
    }
  }

  /** The target driver's URL, {@code jdbc:} included, placeholders not yet substituted. */
  public String targetTemplate() {
    return targetTemplate;
  }

  /** The {@code tenantpool.*} options of the URL's query, in order of appearance. */
  public Map<String, String> options() {
    return options;
  }

  @Override
  public String toString() {
    return SafeText.url(targetTemplate);
  }
}
