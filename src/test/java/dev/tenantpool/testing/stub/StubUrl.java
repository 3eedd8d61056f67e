package dev.tenantpool.testing.stub;

import java.sql.SQLException;

/**
 * A parsed {@code jdbc:stub:NAME[?key=value&...]} URL (or one of a {@link StubDriver#register}ed
 * prefix). The stub's own keys carry the prefix {@code stub.}: {@code stub.connectDelayMillis} and
 * {@code stub.executeDelayMicros} (non-negative integers); any other {@code stub.} key is an
 * error, so that a typo does not silently benchmark the wrong thing. Keys without the prefix are
 * the target driver's ({@code schema}, {@code ssl}, ...), accepted and ignored as a real driver
 * would, so the tests can route URLs of every shape to the stub.
 */
record StubUrl(String database, long connectDelayMillis, long executeDelayMicros) {
  private static final String CONNECT_DELAY = "stub.connectDelayMillis";
  private static final String EXECUTE_DELAY = "stub.executeDelayMicros";

  static StubUrl parse(String url, String prefix) throws SQLException {
    String rest = url.substring(prefix.length());
    int query = rest.indexOf('?');
    String database = query < 0 ? rest : rest.substring(0, query);
    if (database.isEmpty()) {
      throw invalid("a database name is required, e.g. jdbc:stub:app_acme");
    }
    long connectDelayMillis = 0;
    long executeDelayMicros = 0;
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (!parameter.startsWith("stub.")) {
          continue;
        }
        int eq = parameter.indexOf('=');
        String key = eq < 0 ? parameter : parameter.substring(0, eq);
        String value = eq < 0 ? "" : parameter.substring(eq + 1);
        switch (key) {
          case CONNECT_DELAY:
            connectDelayMillis = nonNegative(key, value);
            break;
          case EXECUTE_DELAY:
            executeDelayMicros = nonNegative(key, value);
            break;
          default:
            throw invalid("unknown key " + key + "; known keys are " + CONNECT_DELAY + " and " + EXECUTE_DELAY);
        }
      }
    }
    return new StubUrl(database, connectDelayMillis, executeDelayMicros);
  }

  private static long nonNegative(String key, String value) throws SQLException {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key + " must be a non-negative integer, but was \"" + value + "\"");
  }

  // Not the URL: the tests' URLs carry passwords, and no stub message may show one.
  private static SQLException invalid(String problem) {
    return new SQLException("invalid stub URL: " + problem, "08001");
  }
}
