package dev.tenantpool.url;

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

  TargetAddress(String system, List<Endpoint> endpoints, String database) {
    this.system = system;
    this.endpoints = endpoints;
    this.database = database;
  }

  /** One server: a safe host ({@link #UNKNOWN} if not) and its port as written (-1 if none). */
  record Endpoint(String host, int port) {}

  /** Parses {@code url}, a target driver's URL with or without {@code {tenant}} placeholders; never throws. */
  public static TargetAddress parse(String url) {
    return TargetUrlGrammar.parse(url);
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
