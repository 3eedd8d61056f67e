package dev.tenantpool.testing.stub;

import java.sql.SQLException;

/**
 * A parsed {@code jdbc:stub:NAME[?key=value&...]} URL. Keys: {@code connectDelayMillis} and
 * {@code executeDelayMicros} (non-negative integers); any other key is an error, so that a typo
 * does not silently benchmark the wrong thing.
 */
record StubUrl(String database, long connectDelayMillis, long executeDelayMicros) {
  static StubUrl parse(String url) throws SQLException {
    String rest = url.substring(StubDriver.PREFIX.length());
    int query = rest.indexOf('?');
    String database = query < 0 ? rest : rest.substring(0, query);
    if (database.isEmpty()) {
      throw invalid(url, "a database name is required, e.g. jdbc:stub:app_acme");
    }
    long connectDelayMillis = 0;
    long executeDelayMicros = 0;
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (parameter.isEmpty()) {
          continue;
        }
        int eq = parameter.indexOf('=');
        String key = eq < 0 ? parameter : parameter.substring(0, eq);
        String value = eq < 0 ? "" : parameter.substring(eq + 1);
        switch (key) {
          case "connectDelayMillis":
            connectDelayMillis = nonNegative(url, key, value);
            break;
          case "executeDelayMicros":
            executeDelayMicros = nonNegative(url, key, value);
            break;
          default:
            throw invalid(url, "unknown key " + key + "; known keys are connectDelayMillis and executeDelayMicros");
        }
      }
    }
    return new StubUrl(database, connectDelayMillis, executeDelayMicros);
  }

  private static long nonNegative(String url, String key, String value) throws SQLException {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(url, key + " must be a non-negative integer, but was \"" + value + "\"");
  }

  private static SQLException invalid(String url, String problem) {
    return new SQLException("invalid stub URL " + url + ": " + problem, "08001");
  }
}
