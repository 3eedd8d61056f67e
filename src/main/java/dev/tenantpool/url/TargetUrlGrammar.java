package dev.tenantpool.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link TargetAddress} out of a target JDBC URL: the grammar of the drivers' URL shapes
 * the address's javadoc lists, and the character classes each kind of name may consist of.
 */
final class TargetUrlGrammar {
  private static final String PLACEHOLDER = TenantTemplate.PLACEHOLDER;
  private static final TargetAddress NOT_JDBC = new TargetAddress(null, List.of(), null);
  private static final TargetAddress.Endpoint UNKNOWN_ENDPOINT = new TargetAddress.Endpoint(TargetAddress.UNKNOWN, -1);
  // Systems whose URL may name a database without a //server part (pgJDBC's jdbc:postgresql:db
  // means a database on localhost).
  private static final Set<String> LOCAL_FORMS = Set.of("postgresql", "db2", "derby", "h2", "hsqldb", "sqlite");
  // Systems whose database is a file path (h2's ~/db, derby's /opt/dbs/db): its last part names it.
  private static final Set<String> FILE_PATHS = Set.of("derby", "h2", "hsqldb", "sqlite");

  private TargetUrlGrammar() {}

  static TargetAddress parse(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      return NOT_JDBC;
    }
    int colon = url.indexOf(':', 5);
    String system = system(colon < 0 ? url.substring(5) : url.substring(5, colon));
    String body = colon < 0 ? "" : skipSubprotocols(url.substring(colon + 1));
    if (system.equals("oracle")) {
      return oracle(body);
    }
    if (body.startsWith("//")) {
      return server(system, body.substring(2));
    }
    // A system it does not know may write anything here, secrets included: nothing is kept.
    return new TargetAddress(system, List.of(), LOCAL_FORMS.contains(system) ? databaseName(system, body) : TargetAddress.UNKNOWN);
  }

  private static String system(String subprotocol) {
    String system = subprotocol.toLowerCase(Locale.ROOT);
    if (system.equals("pgsql")) {
      return "postgresql";
    }
    return consistsOf(system, "-_.") ? system : TargetAddress.UNKNOWN;
  }

  /**
   * {@code text} after its leading sub-protocols: Oracle's {@code thin:}, H2's {@code mem:} and
   * {@code tcp:}, Derby's {@code memory:}, MySQL's {@code loadbalance:}, a Windows drive. A word
   * followed by a colon and a digit is a host and port; one followed by {@code key=value} is a
   * database with DB2's properties; neither is skipped.
   */
  private static String skipSubprotocols(String text) {
    int from = 0;
    while (true) {
      int end = from;
      while (end < text.length() && (isAsciiLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-')) {
        end++;
      }
      if (end == from || end >= text.length() || text.charAt(end) != ':' || !isAsciiLetter(text.charAt(from))) {
        return text.substring(from);
      }
      int next = end + 1;
      if (next < text.length() && Character.isDigit(text.charAt(next))) {
        return text.substring(from);
      }
      if (text.substring(next, indexOfAny(text, next, ";?/:")).indexOf('=') >= 0) {
        return text.substring(from);
      }
      from = next;
    }
  }

  /** {@code rest}: what follows {@code //}, up to the end of the URL. */
  private static TargetAddress server(String system, String rest) {
    // User info, dropped, is everything up to the last '@' before the path or the query (drivers
    // want a '/', '?' or '@' in its password percent-encoded). It may hold a ';', but not one that
    // starts key=value parameters, as in SQL Server's //host;password=P@ss, whose '@' is the password's.
    int semicolon = indexOfAny(rest, 0, ";");
    int at = rest.lastIndexOf('@', indexOfAny(rest, 0, "/?#") - 1);
    if (semicolon < at && rest.substring(semicolon, at).indexOf('=') >= 0) {
      at = rest.lastIndexOf('@', semicolon);
    }
    // The hosts end where the path, the query or the parameters begin.
    int end = indexOfAny(rest, at + 1, "/?;#");
    List<TargetAddress.Endpoint> endpoints = endpoints(rest.substring(at + 1, end));
    String database = null;
    if (end < rest.length() && rest.charAt(end) == '/') {
      database = databaseName(system, rest.substring(end + 1));
    }
    if (database == null) {
      database = databaseParameter(rest.substring(end));
    }
    return new TargetAddress(system, endpoints, database);
  }

  /** {@code body}: what follows {@code jdbc:oracle:thin:}. */
  private static TargetAddress oracle(String body) {
    // user/password@ comes first: the descriptor starts after the last '@' outside double quotes
    // (a password with special characters is quoted), before any query.
    int at = -1;
    int end = body.length();
    boolean quoted = false;
    for (int i = 0; i < end; i++) {
      char c = body.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '?') {
        end = i;
      } else if (!quoted && c == '@') {
        at = i;
      }
    }
    String descriptor = at < 0 ? "" : body.substring(at + 1, end);
    if (descriptor.startsWith("//")) {
      descriptor = descriptor.substring(2);
    }
    if (descriptor.isEmpty() || descriptor.startsWith("(")) {
      return new TargetAddress("oracle", List.of(UNKNOWN_ENDPOINT), null); // a TNS descriptor, or no '@'
    }
    int slash = descriptor.indexOf('/');
    int sid = slash < 0 ? sidColon(descriptor) : -1;
    int hostsEnd = slash >= 0 ? slash : sid >= 0 ? sid : descriptor.length();
    String database = hostsEnd < descriptor.length()
        ? databaseName("oracle", descriptor.substring(hostsEnd + 1)) : null;
    return new TargetAddress("oracle", endpoints(descriptor.substring(0, hostsEnd)), database);
  }

  /** The colon before the SID in {@code host:port:sid} (outside IPv6 brackets), or -1. */
  private static int sidColon(String descriptor) {
    int colons = 0;
    int last = -1;
    boolean bracketed = false;
    for (int i = 0; i < descriptor.length(); i++) {
      char c = descriptor.charAt(i);
      if (c == '[' || c == ']') {
        bracketed = c == '[';
      } else if (c == ':' && !bracketed) {
        colons++;
        last = i;
      }
    }
    return colons >= 2 ? last : -1;
  }

  private static List<TargetAddress.Endpoint> endpoints(String hosts) {
    List<TargetAddress.Endpoint> endpoints = new ArrayList<>();
    int from = 0;
    while (true) {
      int comma = hosts.indexOf(',', from);
      endpoints.add(endpoint(hosts.substring(from, comma < 0 ? hosts.length() : comma)));
      if (comma < 0) {
        return endpoints;
      }
      from = comma + 1;
    }
  }

  /** {@code host}, {@code host:port}, {@code [v6]:port} or {@code host\instance:port}. */
  private static TargetAddress.Endpoint endpoint(String entry) {
    String host;
    String port;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || (close + 1 < entry.length() && entry.charAt(close + 1) != ':')) {
        return UNKNOWN_ENDPOINT;
      }
      host = entry.substring(0, close + 1);
      port = close + 1 < entry.length() ? entry.substring(close + 2) : "";
    } else {
      int colon = entry.indexOf(':');
      host = colon < 0 ? entry : entry.substring(0, colon);
      port = colon < 0 ? "" : entry.substring(colon + 1);
    }
    int number = port.isEmpty() ? -1 : port(port);
    if (!isHost(host) || (!port.isEmpty() && number < 0)) {
      return UNKNOWN_ENDPOINT;
    }
    return new TargetAddress.Endpoint(host, number);
  }

  private static int port(String digits) {
    if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535 ? port : -1;
  }

  private static boolean isHost(String host) {
    if (host.startsWith("[")) {
      // An IPv6 literal, with a zone id perhaps: [fe80::1%eth0].
      String inner = host.substring(1, host.length() - 1);
      return inner.indexOf(':') >= 0 && consistsOf(inner, ":.%-_");
    }
    int backslash = host.indexOf('\\');
    if (backslash >= 0) {
      // SQL Server's host\instance.
      return consistsOf(host.substring(0, backslash), ".-_") && consistsOf(host.substring(backslash + 1), ".-_$");
    }
    return consistsOf(host, ".-_");
  }

  /** The database named by {@code text} (a path or the rest of a URL), or null when it names none. */
  private static String databaseName(String system, String text) {
    boolean path = FILE_PATHS.contains(system);
    String name = path ? skipSubprotocols(text) : text;
    name = name.substring(0, indexOfAny(name, 0, ";?#"));
    if (path) {
      name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }
    name = name.substring(0, indexOfAny(name, 0, ":/")); // DB2's db:user=...;, Oracle's service:server
    if (name.isEmpty()) {
      return null;
    }
    return isDatabaseName(name) ? name : TargetAddress.UNKNOWN;
  }

  /** The value of a {@code ;databaseName=} or {@code ;database=} parameter in {@code text}, or null. */
  private static String databaseParameter(String text) {
    int at = text.indexOf(';');
    while (at >= 0) {
      int end = parameterEnd(text, at + 1);
      String parameter = text.substring(at + 1, end);
      int eq = parameter.indexOf('=');
      String key = eq < 0 ? "" : parameter.substring(0, eq).trim();
      if (key.equalsIgnoreCase("databaseName") || key.equalsIgnoreCase("database")) {
        String value = parameter.substring(eq + 1).trim();
        return value.isEmpty() ? null : isDatabaseName(value) ? value : TargetAddress.UNKNOWN;
      }
      at = end < text.length() ? end : -1;
    }
    return null;
  }

  /** Where the {@code ;}-parameter from {@code from} ends; SQL Server's {@code {...}} values may hold a {@code ;}. */
  private static int parameterEnd(String text, int from) {
    boolean braced = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (braced) {
        if (c == '}') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
            i++; // "}}" is a '}' inside the value
          } else {
            braced = false;
          }
        }
      } else if (c == '{') {
        braced = true;
      } else if (c == ';') {
        return i;
      }
    }
    return text.length();
  }

  private static boolean isDatabaseName(String name) {
    return consistsOf(name, "_-$.");
  }

  /** True when {@code text} is not empty and has only ASCII letters, digits, {@code punctuation} and placeholders. */
  static boolean consistsOf(String text, String punctuation) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith(PLACEHOLDER, i)) {
        i += PLACEHOLDER.length() - 1;
      } else if (!isAsciiLetterOrDigit(text.charAt(i)) && punctuation.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
  }

  private static int indexOfAny(String text, int from, String characters) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
