package dev.tenantpool.url;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entry of {@code tenantpool.catalog.allowedHosts}: {@code db-eu-1} (any port),
 * {@code db-eu-1:5433} (that port only), or {@code *.db.example.com} (every host under
 * {@code db.example.com}, at any depth, but not {@code db.example.com} itself), optionally with a
 * port as well. Host names compare without case.
 *
 * @param host the lower-cased host, starting with {@code *.} for a wildcard
 * @param port the port, or -1 for any
 */
public record HostPattern(String host, int port) {

  /**
   * Parses a comma-separated list; blank entries are skipped.
   *
   * @throws IllegalArgumentException naming the entry that is neither a host nor
   *     {@code host:port} nor {@code *.domain}
   */
  public static List<HostPattern> parseList(String list) {
    List<HostPattern> patterns = new ArrayList<>();
    if (list == null) {
      return patterns;
    }
    for (String item : list.split(",")) {
      String text = item.trim();
      if (!text.isEmpty()) {
        patterns.add(parse(text));
      }
    }
    return Collections.unmodifiableList(patterns);
  }

  private static HostPattern parse(String text) {
    boolean wildcard = text.startsWith("*.");
    TargetServers.Server server;
    try {
      // The same host syntax a catalog entry's URL must use; a wildcard's domain must be a name.
      server = TargetServers.server(wildcard ? text.substring(2) : text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a host name, host:port or *.domain");
    }
    if (wildcard && server.host().startsWith("[")) {
      throw new IllegalArgumentException("\"" + text + "\" is not a host name, host:port or *.domain");
    }
    return new HostPattern(wildcard ? "*." + server.host() : server.host(), server.port());
  }

  /** True when {@code server} is this host (or under this domain) on this port (or any). */
  public boolean matches(TargetServers.Server server) {
    if (port >= 0 && server.port() != port) {
      return false;
    }
    if (host.startsWith("*.")) {
      String domain = host.substring(1); // ".db.example.com"
      return server.host().length() > domain.length() && server.host().endsWith(domain);
    }
    return server.host().equals(host);
  }

  @Override
  public String toString() {
    return port < 0 ? host : host + ":" + port;
  }
}
