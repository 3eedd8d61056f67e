package dev.tenantpool.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server the demo works on, from a superuser URL such as
 * {@code jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret}: where it is, the
 * login, and the other connection parameters (sslmode, ...), which every tenant URL keeps.
 */
record ServerUrl(String hostPort, String database, String user, String password, String otherParameters) {
  private static final Pattern SHAPE = Pattern.compile("jdbc:postgresql://([^/?]+)(?:/([^?]*))?(?:\\?(.*))?");

  /** {@code url} as it may be printed: the server and database only, never the login. */
  static String shown(String url) {
    Matcher m = SHAPE.matcher(url);
    if (!m.matches()) {
      return "(not a jdbc:postgresql URL)";
    }
    String hostPort = m.group(1).substring(m.group(1).lastIndexOf('@') + 1);
    return "jdbc:postgresql://" + hostPort + "/" + (m.group(2) == null || m.group(2).isEmpty() ? "postgres" : m.group(2));
  }

  /**
   * Parses {@code url}.
   *
   * @throws UsageException if it is not of the form jdbc:postgresql://host[:port][/database][?parameters]
   */
  static ServerUrl parse(String url) throws UsageException {
    Matcher m = SHAPE.matcher(url);
    if (!m.matches()) {
      // Not echoed: a URL that does not parse may still hold a password.
      throw new UsageException("--url must look like jdbc:postgresql://host[:port][/database][?user=...&password=...];"
          + " the URL given is not of that form");
    }
    String database = m.group(2) == null || m.group(2).isEmpty() ? "postgres" : m.group(2);
    String user = System.getProperty("user.name");
    String password = null;
    StringJoiner others = new StringJoiner("&");
    if (m.group(3) != null) {
      for (String parameter : m.group(3).split("&")) {
        int eq = parameter.indexOf('=');
        String name = eq < 0 ? parameter : parameter.substring(0, eq);
        String value = eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
        if (name.equals("user")) {
          user = value;
        } else if (name.equals("password")) {
          password = value;
        } else if (!parameter.isEmpty()) {
          others.add(parameter);
        }
      }
    }
    return new ServerUrl(m.group(1), database, user, password, others.toString());
  }

  /** The plain PostgreSQL URL of {@code db} on this server, without the login. */
  String jdbcUrl(String db) {
    return "jdbc:postgresql://" + hostPort + "/" + db + (otherParameters.isEmpty() ? "" : "?" + otherParameters);
  }

  /** The TenantPool URL whose tenants' databases are {@code prefix} followed by the tenant id. */
  String tenantPoolUrl(String prefix) {
    return "jdbc:tenantpool:postgresql://" + hostPort + "/" + prefix + "{tenant}"
        + (otherParameters.isEmpty() ? "" : "?" + otherParameters);
  }

  @Override
  public String toString() {
    return jdbcUrl(database) + " as " + user;
  }
}
