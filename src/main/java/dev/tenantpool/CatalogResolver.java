package dev.tenantpool;

import dev.tenantpool.catalog.TenantCatalog;
import dev.tenantpool.catalog.TenantSpec;
import dev.tenantpool.catalog.TierSpec;
import dev.tenantpool.pool.PoolThreads;
import dev.tenantpool.router.TemplateResolver;
import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantTarget;
import dev.tenantpool.url.TenantTemplate;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Resolves tenants through a {@link TenantCatalog}: the entry's URL and login, and its pool and
 * breaker settings laid over its tier's and the data source's, each value checked like the
 * {@code tenantpool.*} key it stands for. A tenant the catalog does not list is refused (TP008)
 * unless {@code tenantpool.catalog.templateFallback} is set; a malformed entry fails that tenant
 * alone (22023 naming the entry and the field), and so does an entry whose {@code url} points
 * where the data source does not allow ({@link CatalogUrlRule}).
 *
 * <p>Precedence of a tenant-scoped key (pool and breaker keys), highest first:
 *
 * <ol>
 *   <li>the catalog entry's own value;
 *   <li>its tier's value: {@code tenantpool.tier.<tier>.<key>} in the call's properties, then in
 *       the URL, then the tier as the catalog file defines it;
 *   <li>the data source's {@code tenantpool.<key>} in the call's properties;
 *   <li>the same in the URL;
 *   <li>the default of {@link TenantPoolProperty}.
 * </ol>
 *
 * The more specific source wins (a tenant over its tier over every tenant); among sources equally
 * specific, the order is STYLE.md's: call properties, URL, catalog, defaults. Keys that are not
 * tenant-scoped cannot be set by a catalog at all.
 */
final class CatalogResolver implements TenantResolver {
  private final TenantPoolConfig config;
  private final TenantCatalog catalog;
  private final TenantTemplate template;
  private final CatalogUrlRule urlRule;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CatalogResolver(TenantPoolConfig config, TenantCatalog catalog) {
    this.config = config;
    this.catalog = catalog;
    this.template = config.targetTemplate();
    this.urlRule = new CatalogUrlRule(template, config.replicaTemplates(), config.catalogAllowedHosts(),
        config.targetProperties().getProperty("password") != null);
  }

  /**
   * Opens the catalog {@code config} names; its refresh is timed by the shared pool scheduler
   * (held until {@link #close()}) and runs on the catalog's own thread.
   */
  static CatalogResolver open(TenantPoolConfig config) throws SQLException {
    ScheduledExecutorService scheduler = PoolThreads.acquire();
    try {
      return new CatalogResolver(config, TenantCatalog.open(config.catalogSettings(), scheduler));
    } catch (SQLException | RuntimeException e) {
      PoolThreads.release();
      throw e;
    }
  }

  @Override
  public TenantTarget resolve(String tenant) throws SQLException {
    TenantSpec spec = catalog.lookup(tenant);
    if (spec == null) {
      if (config.templateFallback()) {
        return new TenantTarget(template.render(tenant), TemplateResolver.render(config.targetProperties(), tenant),
            config.poolSettings(), config.breakerSettings(), TenantTarget.DEFAULT_TIER);
      }
      throw TenantPoolSqlState.UNKNOWN_TENANT.exception("tenant " + tenant + " is not in the tenant catalog "
          + catalog.describe() + "; add it there, or set tenantpool.catalog.templateFallback=true to route"
          + " unlisted tenants by the URL template");
    }
    if (spec.problem() != null) {
      throw malformed(spec, spec.problem());
    }
    String url = template.render(tenant);
    if (spec.url() != null) {
      url = TenantTemplate.of(spec.url()).render(tenant);
      // Checked before anything is built from the entry: a row must not send the data source's
      // password (or the tenant's connections) to a server the data source does not trust.
      String problem = urlRule.problem(tenant, url, spec.password() != null);
      if (problem != null) {
        throw malformed(spec, problem);
      }
    }
    Map<String, String> overrides = new HashMap<>();
    String tier = spec.tier();
    if (tier != null) {
      TierSpec defined = catalog.tier(tier);
      Map<String, String> byKeys = config.keyTiers().get(tier);
      if (defined == null && byKeys == null) {
        throw malformed(spec, "field tier names \"" + tier + "\", which neither the catalog's tiers nor"
            + " tenantpool.tier." + tier + ".* keys define; tiers defined by keys: " + config.keyTiers().keySet());
      }
      if (defined != null) {
        String where = "tier " + tier + " in " + catalog.describe();
        if (defined.problem() != null) {
          throw invalid(where, defined.problem());
        }
        // priority 2, last - the tier as the catalog defines it
        putChecked(overrides, defined.options(), where);
      }
      if (byKeys != null) {
        // priority 2, first - tenantpool.tier.<tier>.* keys (call properties over URL, as merged by TenantPoolConfig)
        overrides.putAll(byKeys);
      }
    }
    // priority 1 - the entry's own values (its replicas are the replica routers' business)
    Map<String, String> fields = spec.options();
    if (fields.containsKey(REPLICAS)) {
      fields = new HashMap<>(fields);
      fields.remove(REPLICAS);
    }
    putChecked(overrides, fields, entryName(spec));
    TenantPoolConfig settings;
    try {
      // priorities 3 to 5 - the data source's tenantpool.* keys and the defaults, beneath the overrides
      settings = config.forTenant(overrides);
    } catch (SQLException e) {
      throw malformed(spec, "with its tier's and the data source's settings, " + e.getMessage());
    }
    Properties properties = TemplateResolver.render(config.targetProperties(), tenant);
    if (spec.user() != null || spec.password() != null) {
      // render() may return the data source's own properties, shared by every tenant: write to a copy.
      Properties own = new Properties();
      own.putAll(properties);
      properties = own;
    }
    if (spec.user() != null) {
      properties.setProperty("user", spec.user());
    }
    if (spec.password() != null) {
      properties.setProperty("password", spec.password());
    }
    return new TenantTarget(url, properties, settings.poolSettings(), settings.breakerSettings(),
        tier != null ? tier : TenantTarget.DEFAULT_TIER);
  }

  /**
   * The read-replica URLs of {@code tenant}, rendered and checked like an entry's url: its entry's
   * {@code replicas} field when it has one; else, for an entry that uses the URL template (and for
   * an unlisted tenant under templateFallback), the {@code tenantpool.replicaUrl} templates; an
   * entry with a url of its own and no replicas has none (the templates name the template's
   * servers, not the entry's). Reads the catalog only: no pool settings are computed.
   *
   * @throws SQLException TP008 for a tenant the catalog does not list, 22023 naming the entry
   *     when the field is malformed or names a host the data source does not allow
   */
  java.util.List<String> replicaUrls(String tenant) throws SQLException {
    TenantSpec spec = catalog.lookup(tenant);
    java.util.List<String> urls = new java.util.ArrayList<>();
    if (spec == null) {
      if (!config.templateFallback()) {
        throw TenantPoolSqlState.UNKNOWN_TENANT.exception("tenant " + tenant + " is not in the tenant catalog "
            + catalog.describe() + "; add it there, or set tenantpool.catalog.templateFallback=true to route"
            + " unlisted tenants by the URL template");
      }
    } else if (spec.problem() != null) {
      throw malformed(spec, spec.problem());
    }
    String field = spec == null ? null : spec.options().get(REPLICAS);
    if (field == null) {
      if (spec == null || spec.url() == null) {
        for (TenantTemplate replica : config.replicaTemplates()) {
          urls.add(replica.render(tenant));
        }
      }
      return urls;
    }
    java.util.List<String> written = ReplicaUrls.split(field);
    if (written.size() > ReplicaUrls.MAX) {
      throw malformed(spec, "field replicas may name at most " + ReplicaUrls.MAX + " replicas, but names " + written.size());
    }
    for (String url : written) {
      String problem = ReplicaUrls.problem(url, config.databaseSystem());
      String rendered = TenantTemplate.of(url).render(tenant);
      if (problem == null) {
        problem = urlRule.problem(tenant, REPLICAS, rendered, spec.password() != null);
      } else {
        problem = "field replicas " + problem;
      }
      if (problem != null) {
        throw malformed(spec, problem);
      }
      urls.add(rendered);
    }
    return urls;
  }

  /** The entry field that lists a tenant's read replicas (an {@code options} key of a catalog table). */
  static final String REPLICAS = "replicas";

  /** Checks each field as the tenant-scoped key it names and lays it over {@code into}. */
  private static void putChecked(Map<String, String> into, Map<String, String> fields, String where) throws SQLException {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      TenantPoolProperty property = TenantPoolProperty.forKey(TenantPoolProperty.PREFIX + field.getKey());
      if (property == null || !property.isTenantScoped()) {
        throw invalid(where, "unknown field \"" + field.getKey() + "\"; fields are url, user, password, tier, replicas and "
            + TenantPoolProperty.tenantScopedNames());
      }
      try {
        property.validate("field " + field.getKey(), field.getValue());
      } catch (SQLException e) {
        throw invalid(where, e.getMessage());
      }
      into.put(property.key(), field.getValue());
    }
  }

  private String entryName(TenantSpec spec) {
    return "tenant catalog entry " + spec.tenant() + " in " + catalog.describe();
  }

  private SQLException malformed(TenantSpec spec, String problem) {
    return invalid(entryName(spec), problem);
  }

  private static SQLException invalid(String where, String problem) {
    return TenantPoolSqlState.INVALID_CONFIGURATION.exception(where + " is invalid: " + problem);
  }

  @Override
  public void subscribe(Consumer<String> changed) {
    catalog.addListener(changed::accept);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      catalog.close();
      PoolThreads.release();
    }
  }

  @Override
  public String toString() {
    return "CatalogResolver[" + catalog + "]";
  }
}
