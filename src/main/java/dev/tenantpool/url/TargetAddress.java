package dev.tenantpool.url;

/**
 * Where a resolved target URL points: the database system, the database (namespace), and the
 * first server's address and port. Parsed once per tenant pool from
 * {@code jdbc:<system>://[user@]host[:port][,host2...]/database[?...]}; parts it cannot find are
 * null (or -1 for the port). It keys the per-server connection budget and names spans' servers.
 *
 * @param system the JDBC subprotocol, {@code postgresql} for pgJDBC
 * @param namespace the database name
 * @param address the first host
 * @param port the first host's port, or -1 when the URL gives none
 */
public record TargetAddress(String system, String namespace, String address, int port) {
  /** Parses {@code url}; never throws. */
  public static TargetAddress parse(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      return new TargetAddress(null, null, null, -1);
    }
    String rest = url.substring(5);
    int colon = rest.indexOf(':');
    String system = colon < 0 ? null : rest.substring(0, colon);
    if ("postgresql".equals(system) || "pgsql".equals(system)) {
      system = "postgresql";
    }
    String address = null;
    int port = -1;
    String namespace = null;
    int slashes = rest.indexOf("//");
    if (slashes >= 0) {
      int hostStart = slashes + 2;
      int pathStart = rest.indexOf('/', hostStart);
      int queryStart = rest.indexOf('?', hostStart);
      int hostEnd = pathStart >= 0 ? pathStart : (queryStart >= 0 ? queryStart : rest.length());
      String hosts = rest.substring(hostStart, hostEnd);
      int at = hosts.lastIndexOf('@');
      String first = hosts.substring(at + 1).split(",", -1)[0];
      int portColon = first.lastIndexOf(':');
      if (portColon > 0 && first.indexOf(']') < portColon) {
        address = first.substring(0, portColon);
        try {
          port = Integer.parseInt(first.substring(portColon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      } else if (!first.isEmpty()) {
        address = first;
      }
      if (pathStart >= 0) {
        int end = queryStart > pathStart ? queryStart : rest.length();
        String path = rest.substring(pathStart + 1, end);
        namespace = path.isEmpty() ? null : path;
      }
    }
    return new TargetAddress(system, namespace, address, port);
  }

  /** {@code host:port} (or {@code host}), the key of the per-server budget; {@code ?} when unknown. */
  public String server() {
    if (address == null) {
      return "?";
    }
    return port > 0 ? address + ":" + port : address;
  }
}
