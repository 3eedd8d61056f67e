package dev.tenantpool;

import dev.tenantpool.url.HostPattern;
import dev.tenantpool.url.SafeText;
import dev.tenantpool.url.TargetServers;
import dev.tenantpool.url.TenantTemplate;
import java.util.List;

/**
 * Where a tenant catalog entry's own {@code url} may send the tenant's connections. Whoever can
 * edit one catalog row must not be able to send the data source's credential to a server of
 * their choosing, so an entry's URL
 *
 * <ol>
 *   <li>uses the URL template's subprotocol ({@code postgresql} for
 *       {@code jdbc:tenantpool:postgresql://...}), hence the template's driver;
 *   <li>names its servers in a form whose servers are certain ({@link TargetServers});
 *   <li>names only hosts the template names (its {@code {tenant}} rendered for the tenant at
 *       hand; the {@code tenantpool.replicaUrl} templates count as the template too: the data
 *       source's owner named those hosts) or hosts that {@code tenantpool.catalog.allowedHosts}
 *       admits;
 *   <li>carries a password of its own when it names any host the template does not name and the
 *       data source has a password: the data source's password only ever goes to the template's
 *       hosts.
 * </ol>
 *
 * An entry without a {@code url} uses the template, and no rule applies to it. The URLs of an
 * entry's {@code replicas} field keep the same rule.
 */
final class CatalogUrlRule {
  private final TenantTemplate template;
  private final List<TenantTemplate> replicaTemplates;
  private final List<HostPattern> allowedHosts;
  private final boolean sharedPassword;

  /**
   * @param template the data source's target URL template
   * @param replicaTemplates the data source's read-replica templates ({@code tenantpool.replicaUrl})
   * @param allowedHosts the hosts {@code tenantpool.catalog.allowedHosts} admits besides the template's
   * @param sharedPassword whether the data source has a password an entry would otherwise inherit
   */
  CatalogUrlRule(TenantTemplate template, List<TenantTemplate> replicaTemplates, List<HostPattern> allowedHosts,
      boolean sharedPassword) {
    this.template = template;
    this.replicaTemplates = replicaTemplates;
    this.allowedHosts = allowedHosts;
    this.sharedPassword = sharedPassword;
  }

  /**
   * Why the entry's {@code url}, rendered for {@code tenant}, breaks the rule (a message naming
   * the field and the rule, never a secret), or null when it keeps it.
   *
   * @param ownPassword whether the entry has a password of its own
   */
  String problem(String tenant, String url, boolean ownPassword) {
    return problem(tenant, "url", url, ownPassword);
  }

  /** As {@link #problem(String, String, boolean)}, for the entry's field {@code field} ({@code url}, {@code replicas}). */
  String problem(String tenant, String field, String url, boolean ownPassword) {
    String templateUrl = template.render(tenant);
    String system = subprotocol(templateUrl);
    TargetServers target;
    try {
      target = TargetServers.parse(url);
    } catch (IllegalArgumentException e) {
      return "field " + field + " " + e.getMessage() + ", but was \"" + SafeText.url(url) + "\"";
    }
    if (!target.system().equals(system)) {
      return "field " + field + " must use the URL template's subprotocol jdbc:" + system + ": (the template's driver),"
          + " but uses jdbc:" + target.system() + ":";
    }
    List<TargetServers.Server> named = new java.util.ArrayList<>(templateServers(templateUrl));
    for (TenantTemplate replica : replicaTemplates) {
      named.addAll(templateServers(replica.render(tenant)));
    }
    for (TargetServers.Server server : target.servers()) {
      if (named.contains(server)) {
        continue;
      }
      if (allowedHosts.stream().noneMatch(pattern -> pattern.matches(server))) {
        return "field " + field + " names the host " + server + ", which is neither a host of the URL template "
            + describe(named) + " nor admitted by " + TenantPoolProperty.CATALOG_ALLOWED_HOSTS.key() + " "
            + (allowedHosts.isEmpty() ? "(unset)" : allowedHosts.toString());
      }
      if (sharedPassword && !ownPassword) {
        return "field " + field + " names the host " + server + ", which the URL template does not name, and the entry has no"
            + " password of its own; the data source's password is only sent to the template's hosts "
            + describe(named) + ": give the entry its own password";
      }
    }
    return null;
  }

  private static String subprotocol(String url) {
    String rest = url.substring("jdbc:".length());
    int colon = rest.indexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  /** The template's servers for this tenant; none when its form does not say (then only allowedHosts admits). */
  private static List<TargetServers.Server> templateServers(String templateUrl) {
    try {
      return TargetServers.parse(templateUrl).servers();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  private static String describe(List<TargetServers.Server> servers) {
    return servers.isEmpty() ? "(none)" : servers.toString();
  }
}
