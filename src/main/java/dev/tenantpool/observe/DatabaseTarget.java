package dev.tenantpool.observe;

/**
 * The span attributes a tenant's target URL yields: {@code db.system.name}, {@code db.namespace},
 * {@code server.address}, {@code server.port}. Parsed once per tenant pool from
 * {@code jdbc:<system>://host[:port][,host2...]/database[?...]}; parts it cannot find are null.
 */
record DatabaseTarget(String system, String namespace, String address, int port) {
  static DatabaseTarget parse(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      return new DatabaseTarget(null, null, null, -1);
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
    if (address != null && address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1); // an IPv6 literal, recorded bare
    }
    return new DatabaseTarget(system, namespace, address, port);
  }
}
