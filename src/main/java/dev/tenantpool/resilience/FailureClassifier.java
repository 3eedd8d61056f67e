package dev.tenantpool.resilience;

import java.sql.SQLException;

/**
 * Decides which failures say that a tenant's database (or the way to it) is unhealthy, and so
 * count against its circuit breaker. Application errors never do: a tenant whose code has a typo
 * must not lose its database.
 *
 * <table>
 *   <caption>SQLState classification (first matching row wins)</caption>
 *   <tr><th>SQLState</th><th>Meaning</th><th>Counts as failure</th></tr>
 *   <tr><td>08xxx</td><td>connection exception (refused, broken, lost)</td><td>yes</td></tr>
 *   <tr><td>28xxx</td><td>invalid authorization (wrong password, no such role)</td><td>yes</td></tr>
 *   <tr><td>3D000</td><td>the database does not exist</td><td>yes</td></tr>
 *   <tr><td>53300</td><td>too many connections</td><td>yes</td></tr>
 *   <tr><td>53xxx</td><td>insufficient resources (disk full, out of memory)</td><td>yes</td></tr>
 *   <tr><td>57P01, 57P02, 57P03</td><td>admin shutdown, crash shutdown, cannot connect now</td><td>yes</td></tr>
 *   <tr><td>58xxx</td><td>system error (I/O error)</td><td>yes</td></tr>
 *   <tr><td>XX000 .. XXxxx</td><td>internal error</td><td>yes</td></tr>
 *   <tr><td>TP006</td><td>no connection within tenantpool.connectionTimeout</td><td>yes</td></tr>
 *   <tr><td>none</td><td>the driver gave no SQLState (an I/O failure without a code)</td><td>yes</td></tr>
 *   <tr><td>57014</td><td>query cancelled (by the application or a statement timeout)</td><td>no</td></tr>
 *   <tr><td>40xxx</td><td>transaction rollback (serialization failure, deadlock)</td><td>no</td></tr>
 *   <tr><td>anything else</td><td>application error (syntax 42xxx, constraint 23xxx, data 22xxx, ...)</td><td>no</td></tr>
 * </table>
 *
 * The README's "Failure behaviour" section repeats this table; a test pins every row.
 */
public final class FailureClassifier {
  private FailureClassifier() {}

  /** True when {@code failure} says the database or the link to it is unhealthy. */
  public static boolean isDatabaseFailure(SQLException failure) {
    return isDatabaseFailure(failure.getSQLState());
  }

  /** True when {@code sqlState} says the database or the link to it is unhealthy. */
  public static boolean isDatabaseFailure(String sqlState) {
    if (sqlState == null || sqlState.length() < 2) {
      return true;
    }
    switch (sqlState.substring(0, 2)) {
      case "08":
      case "28":
      case "53":
      case "58":
      case "XX":
        return true;
      case "57":
        return sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03");
      case "3D":
        return sqlState.equals("3D000");
      case "TP":
        return sqlState.equals("TP006");
      default:
        return false;
    }
  }
}
