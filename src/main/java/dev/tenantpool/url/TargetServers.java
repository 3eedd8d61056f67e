package dev.tenantpool.url;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every server a target JDBC URL sends its connections to, for the rule that a tenant catalog
 * entry may only point where the data source allows ({@code tenantpool.catalog.allowedHosts}).
 * Unlike {@link TargetAddress}, which never throws and finds the first host for metrics, this is
 * strict: a URL whose servers cannot be known for certain is refused, because a permissive parser
 * is where a credential leaks.
 *
 * <pre>
 * jdbc:postgresql://db-1:5432,db-2:5432/acme?sslmode=require
 *      \_system_/   \____ servers ______/
 * </pre>
 *
 * <p>Refused: a URL without the {@code //host[:port][,host[:port]...]} form (pgJDBC's
 * {@code jdbc:postgresql:acme} means localhost, or the {@code PGHOST} of the properties); a
 * server that is not a plain host name, IPv4 or bracketed IPv6 address with an optional port
 * (so {@code user@host}, {@code address=(host=...)} and percent-escapes are out); and a
 * parameter that names another server than the URL's own ({@link #SERVER_PARAMETERS}, e.g.
 * pgJDBC's {@code ?PGHOST=}, which wins over the URL's host).
 */
public final class TargetServers {
  /**
   * Parameters (compared without case) that send a connection elsewhere than the URL's hosts:
   * pgJDBC's {@code PGHOST}, {@code PGPORT}, {@code service} (a pg_service.conf entry names a
   * host) and {@code socketFactory}/{@code socketFactoryArg} (a socket factory connects where it
   * likes), and the {@code host}/{@code port}/{@code serverName}/{@code portNumber} spellings
   * other drivers use.
   */
  public static final Set<String> SERVER_PARAMETERS = Set.of(
      "pghost", "pgport", "service", "socketfactory", "socketfactoryarg", "host", "hostaddr", "port", "servername",
      "portnumber");

  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");

  /** One server: a lower-cased host (IPv6 in brackets) and a port, -1 when the URL gives none. */
  public record Server(String host, int port) {
    @Override
    public String toString() {
      return port < 0 ? host : host + ":" + port;
    }
  }

  private final String system;
  private final List<Server> servers;

  private TargetServers(String system, List<Server> servers) {
    this.system = system;
    this.servers = servers;
  }

  /**
   * The servers of {@code url}.
   *
   * @throws IllegalArgumentException saying what is wrong (never quoting the URL's secrets) when
   *     the URL's servers cannot be known for certain
   */
  public static TargetServers parse(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("is not a JDBC URL");
    }
    String rest = url.substring("jdbc:".length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || !rest.startsWith("//", colon + 1)) {
      throw new IllegalArgumentException("must name its servers as jdbc:<subprotocol>://host[:port][,host[:port]...]/...");
    }
    String system = rest.substring(0, colon);
    int start = colon + 3;
    int end = start;
    while (end < rest.length() && "/?;#".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    List<Server> servers = new ArrayList<>();
    for (String text : rest.substring(start, end).split(",", -1)) {
      // The driver's default port where the URL gives none: db and db:1433 are one SQL Server.
      Server server = server(text);
      servers.add(server.port() < 0 ? new Server(server.host(), TargetAddress.defaultPort(system)) : server);
    }
    String parameters = rest.substring(end);
    for (String parameter : parameters.split("[?&;]")) {
      int eq = parameter.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = decode(parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      if (SERVER_PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("sets " + parameter.substring(0, eq).trim()
            + ", which would send the connection elsewhere than the URL's own hosts; write the host into the URL");
      }
    }
    return new TargetServers(system, Collections.unmodifiableList(servers));
  }

  /** One {@code host[:port]}; package-private for {@link HostPattern}. */
  static Server server(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    String host = lower;
    int port = -1;
    int portColon = lower.lastIndexOf(':');
    if (portColon >= 0 && lower.indexOf(']') < portColon) {
      host = lower.substring(0, portColon);
      port = port(lower.substring(portColon + 1));
    }
    if (!(HOST_NAME.matcher(host).matches() || IPV6.matcher(host).matches())) {
      // The text is not echoed: what is not a host name may be a login ("user:password@host").
      throw new IllegalArgumentException("names a server that is not host[:port] (no user info, address"
          + " lists or escapes)");
    }
    return new Server(host, port);
  }

  private static int port(String digits) {
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(digits) == 0 || Integer.parseInt(digits) > 65_535) {
      throw new IllegalArgumentException("names a server whose port is not a number from 1 to 65535");
    }
    return Integer.parseInt(digits);
  }

  private static String decode(String text) {
    try {
      return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** The JDBC subprotocol as written: {@code postgresql} for {@code jdbc:postgresql://...}. */
  public String system() {
    return system;
  }

  /** The servers, in the URL's order. */
  public List<Server> servers() {
    return servers;
  }

  @Override
  public String toString() {
    return "jdbc:" + system + "://" + String.join(",", servers.stream().map(Server::toString).toList());
  }
}
