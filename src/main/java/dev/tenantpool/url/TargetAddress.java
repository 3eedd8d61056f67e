package dev.tenantpool.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a target JDBC URL says that is known to be safe to print: the database system (the JDBC
 * subprotocol), the servers (hosts and ports) and the database name. Nothing else a URL holds is
 * kept (user info, parameters after {@code ;}, {@code ?} or {@code :}, Oracle's
 * {@code user/password@}, a TNS descriptor), so nothing derived from this object can show a
 * secret, whatever the driver's syntax. Parsed when a tenant's pool is created, never per call:
 * it describes the URL in messages ({@link #describe()}), keys the per-server connection budget
 * ({@link #serverKey()}) and gives spans their server and database.
 *
 * <p>A part is kept only if it consists of characters its kind of name can have: a host of
 * letters, digits, {@code . - _} (or a bracketed IPv6 address, or SQL Server's
 * {@code host\instance}), a port of digits, a database name of letters, digits,
 * {@code _ - $ .}; the {@code {tenant}} placeholder may appear in hosts and database names. A
 * part with any other character is {@link #UNKNOWN}. The shapes it knows:
 *
 * <pre>
 * jdbc:postgresql://h1:5432,h2/db?...             hosts, then the database as the path
 * jdbc:mysql://user:pw@h:3306/db?...               user info dropped
 * jdbc:sqlserver://h\instance:1433;databaseName=db;...
 * jdbc:oracle:thin:user/pw@//h:1521/service         also @h:1521:sid; @(DESCRIPTION=...) has no known host
 * jdbc:db2://h:50000/db:user=x;password=y;
 * jdbc:derby:memory:db;...  jdbc:h2:mem:db;...     a database without a server
 * jdbc:h2:tcp://h/~/db;...                          a path: its last part is the database
 * jdbc:other://h:1234/db?...                        a system it does not know: hosts and path only
 * jdbc:other:anything                               nothing but the system
 * </pre>
 *
 * Parsing never throws; a URL it cannot read yields {@link #UNKNOWN} parts.
 */
public final class TargetAddress {
  /** Stands for a part that is unknown or not made of safe characters. */
  public static final String UNKNOWN = "?";

  private static final String PLACEHOLDER = TenantTemplate.PLACEHOLDER;
  private static final TargetAddress NOT_JDBC = new TargetAddress(null, List.of(), null);
  private static final Endpoint UNKNOWN_ENDPOINT = new Endpoint(UNKNOWN, -1);
  // Systems whose URL may name a database without a //server part (pgJDBC's jdbc:postgresql:db
  // means a database on localhost).
  private static final Set<String> LOCAL_FORMS = Set.of("postgresql", "db2", "derby", "h2", "hsqldb", "sqlite");
  // Systems whose database is a file path (h2's ~/db, derby's /opt/dbs/db): its last part names it.
  private static final Set<String> FILE_PATHS = Set.of("derby", "h2", "hsqldb", "sqlite");
  private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
      "postgresql", 5432, "mysql", 3306, "mariadb", 3306, "sqlserver", 1433, "oracle", 1521, "db2", 50000,
      "derby", 1527);

  /** The port {@code system}'s driver connects to when the URL gives none, or -1 when unknown. */
  static int defaultPort(String system) {
    return DEFAULT_PORTS.getOrDefault(system, -1);
  }

  private final String system;
  // Empty when the URL names no server (an embedded database).
  private final List<Endpoint> endpoints;
  private final String database;

  private TargetAddress(String system, List<Endpoint> endpoints, String database) {
    this.system = system;
    this.endpoints = endpoints;
    this.database = database;
  }

  /** One server: a safe host ({@link #UNKNOWN} if not) and its port as written (-1 if none). */
  private record Endpoint(String host, int port) {}

  /** Parses {@code url}, a target driver's URL with or without {@code {tenant}} placeholders; never throws. */
  public static TargetAddress parse(String url) {
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
    return new TargetAddress(system, List.of(), LOCAL_FORMS.contains(system) ? databaseName(system, body) : UNKNOWN);
  }

  private static String system(String subprotocol) {
    String system = subprotocol.toLowerCase(Locale.ROOT);
    if (system.equals("pgsql")) {
      return "postgresql";
    }
    return consistsOf(system, "-_.") ? system : UNKNOWN;
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
    List<Endpoint> endpoints = endpoints(rest.substring(at + 1, end));
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

  private static List<Endpoint> endpoints(String hosts) {
    List<Endpoint> endpoints = new ArrayList<>();
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
  private static Endpoint endpoint(String entry) {
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
    return new Endpoint(host, number);
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
    return isDatabaseName(name) ? name : UNKNOWN;
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
        return value.isEmpty() ? null : isDatabaseName(value) ? value : UNKNOWN;
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

  /**
   * The JDBC subprotocol, lower-case ({@code postgresql} for pgJDBC, also for {@code pgsql}),
   * {@link #UNKNOWN} when it has unsafe characters, or null when the URL is not a JDBC URL.
   */
  public String system() {
    return system;
  }

  /** The database name, {@link #UNKNOWN} when it is not made of safe characters, or null when the URL names none. */
  public String database() {
    return database;
  }

  /** The first server's host (an IPv6 literal in brackets, a SQL Server instance left out), or null when unknown. */
  public String address() {
    if (endpoints.isEmpty() || endpoints.get(0).host().equals(UNKNOWN)) {
      return null;
    }
    String host = endpoints.get(0).host();
    int backslash = host.indexOf('\\');
    return backslash < 0 ? host : host.substring(0, backslash);
  }

  /** The first server's port as the URL gives it, or -1 when it gives none. */
  public int port() {
    return endpoints.isEmpty() ? -1 : endpoints.get(0).port();
  }

  /**
   * The key of the per-server connection budget: {@code host:port}, the host lower-cased and the
   * system's default port filled in when the URL gives none (none for a system it does not know,
   * or a SQL Server named instance, whose port the server's browser service assigns); for several
   * hosts, their sorted list joined by commas. So {@code db}, {@code db:5432} and {@code DB:5432}
   * are one PostgreSQL server. DNS is not asked. {@link #UNKNOWN} for a URL that names no server
   * it can read (an embedded database, a TNS descriptor).
   */
  public String serverKey() {
    Set<String> servers = new TreeSet<>();
    for (Endpoint endpoint : endpoints) {
      String host = endpoint.host().toLowerCase(Locale.ROOT);
      int port = endpoint.port();
      if (port < 0 && host.indexOf('\\') < 0 && !host.equals(UNKNOWN)) {
        port = DEFAULT_PORTS.getOrDefault(system, -1);
      }
      servers.add(port > 0 ? host + ":" + port : host);
    }
    return servers.isEmpty() ? UNKNOWN : String.join(",", servers);
  }

  /**
   * The URL as it may be printed: {@code jdbc:<system>://<host>:<port>,.../<database>} (the port
   * only when the URL gives one), or {@code jdbc:<system>:<database>} for an embedded database,
   * in this one form whatever the driver's own syntax; {@link #UNKNOWN} for a part that is
   * unknown, and nothing else. {@code ?} alone when it is not a JDBC URL.
   */
  public String describe() {
    if (system == null) {
      return UNKNOWN;
    }
    StringBuilder out = new StringBuilder("jdbc:").append(system).append(':');
    if (endpoints.isEmpty()) {
      return out.append(database == null ? UNKNOWN : database).toString();
    }
    out.append("//");
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint endpoint = endpoints.get(i);
      out.append(i == 0 ? "" : ",").append(endpoint.host());
      if (endpoint.port() > 0) {
        out.append(':').append(endpoint.port());
      }
    }
    if (database != null) {
      out.append('/').append(database);
    }
    return out.toString();
  }

  /** {@link #describe()}. */
  @Override
  public String toString() {
    return describe();
  }
}
