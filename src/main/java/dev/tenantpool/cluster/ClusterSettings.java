package dev.tenantpool.cluster;

import dev.tenantpool.url.SafeText;
import java.util.Properties;

/**
 * What the cluster budget needs, validated by the public layer.
 *
 * @param url the coordination database's JDBC URL (a jdbc:postgresql: URL)
 * @param login its user and password (and any driver property); never printed
 * @param budget physical connections allowed per server across every instance
 * @param ceiling most this instance takes of it ({@code tenantpool.maxTotalConnections}, else the budget)
 * @param heartbeatMs milliseconds between heartbeats
 * @param instance this instance's name in the table, before the random suffix that keeps it unique
 */
public record ClusterSettings(String url, Properties login, int budget, int ceiling, long heartbeatMs, String instance) {
  @Override
  public String toString() {
    return "ClusterSettings[url=" + SafeText.url(url) + ", login=" + SafeText.properties(login) + ", budget=" + budget
        + ", ceiling=" + ceiling + ", heartbeatMs=" + heartbeatMs + ", instance=" + instance + "]";
  }
}
