package dev.tenantpool;

import dev.tenantpool.observe.MeterShare;
import dev.tenantpool.router.TemplateResolver;
import dev.tenantpool.router.TenantResolver;
import dev.tenantpool.router.TenantRouter;
import dev.tenantpool.url.TenantTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-replica side of a {@link TenantPoolDataSource}: one {@link TenantRouter} per replica
 * position (the router of every tenant's first replica, of every tenant's second, ...), each with
 * its own pools, breakers, per-server budget and meters tagged {@code role=replica}, so a
 * replica's outage opens its own circuit and never the primary's. Routers are keyed by tenant like
 * the primary's, so the tenant guard, the MDC, tracing and the meters' tenant tag treat a replica
 * connection like any other of its tenant; a position's router is created when a tenant first
 * needs it (a catalog entry may list more replicas than the template).
 *
 * <p>A read-only connection goes to the tenant's replicas round-robin, skipping those whose
 * circuit is open and trying the next when one fails; when none answers (or the tenant has none)
 * it is the primary's ({@code tenantpool.replica.fallback=primary}, the default) or the last
 * replica's failure ({@code =none}). Either way the connection is set read-only.
 */
final class ReplicaRoutes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.replica");
  // A catalog's tenants' replica counts, cached (a catalog lookup per read-only connection would
  // be a map lookup and a list split); dropped when the tenant's entry changes, and all of them
  // past this many, so that a flood of tenant ids cannot grow it without bound.
  private static final int MAX_CACHED = 10_000;

  private final TenantPoolConfig config;
  private final String name;
  private final MeterRegistry registry;
  private final OpenTelemetry openTelemetry;
  private final TenantResolver primaryResolver;
  private final CatalogResolver catalog;
  private final AtomicReferenceArray<TenantRouter> routers = new AtomicReferenceArray<>(ReplicaUrls.MAX);
  private final MeterShare share = new MeterShare();
  private final ConcurrentHashMap<String, List<String>> catalogUrls = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  // Counts catalog changes: a count read before a change is not cached after it.
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  private final Object creation = new Object();
  // Tenants paused on the data source: a router created later pauses them too. Guarded by creation.
  private final java.util.Set<String> paused = new java.util.HashSet<>();
  // The data source's listeners: a router created later tells them too. Guarded by creation.
  private final List<TenantPoolListener> listeners = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param catalog the data source's catalog resolver, or null when tenants are routed by the template
   * @param primary the primary router, whose settings resolve a tenant without a catalog
   */
  ReplicaRoutes(TenantPoolConfig config, String name, MeterRegistry registry, OpenTelemetry openTelemetry,
      TenantResolver catalog, TenantRouter primary) {
    this.config = config;
    this.name = name;
    this.registry = registry;
    this.openTelemetry = openTelemetry;
    this.catalog = catalog instanceof CatalogResolver ? (CatalogResolver) catalog : null;
    this.primaryResolver = catalog != null ? catalog : new TemplateResolver(primary.settings());
    if (this.catalog != null) {
      // Subscribed before any replica router is: the count is forgotten before a router re-resolves.
      this.catalog.subscribe(tenant -> {
        changes.incrementAndGet();
        catalogUrls.remove(tenant);
      });
    }
  }

  /** The replica URLs of {@code tenant}, rendered (empty when it has none). */
  List<String> replicaUrls(String tenant) throws SQLException {
    if (catalog == null) {
      List<String> urls = new ArrayList<>();
      for (TenantTemplate template : config.replicaTemplates()) {
        urls.add(template.render(tenant));
      }
      return urls;
    }
    List<String> urls = catalogUrls.get(tenant);
    if (urls == null) {
      long before = changes.get();
      urls = List.copyOf(catalog.replicaUrls(tenant));
      if (catalogUrls.size() >= MAX_CACHED) {
        catalogUrls.clear();
      }
      catalogUrls.put(tenant, urls);
      if (changes.get() != before) {
        catalogUrls.remove(tenant, urls); // the catalog changed meanwhile: read it again next time
      }
    }
    return urls;
  }

  private int replicaCount(String tenant) throws SQLException {
    return catalog == null ? config.replicaTemplates().size() : replicaUrls(tenant).size();
  }

  /**
   * A read-only connection of {@code tenant} (already validated as the primary validates it), for
   * a caller whose TenantContext is {@code context}.
   */
  Connection getConnection(String tenant, String context, TenantRouter primary) throws SQLException {
    int count = replicaCount(tenant);
    SQLException failure = null;
    if (count > 0) {
      int first = Math.floorMod(next.getAndIncrement(), count);
      // Replicas whose circuit is open are skipped first; with fallback=none, when every circuit
      // is open, the first one is asked anyway so that the caller gets its TP004.
      for (int i = 0; i < count; i++) {
        TenantRouter router = router((first + i) % count);
        if (router.circuitState(tenant) == CircuitState.OPEN) {
          continue;
        }
        try {
          return readOnly(router.getConnection(tenant, context));
        } catch (SQLException e) {
          if (!elsewhere(e)) {
            throw e;
          }
          if (failure != null) {
            e.addSuppressed(failure);
          }
          failure = e;
        }
      }
      if (!config.replicaFallbackToPrimary()) {
        if (failure != null) {
          throw failure;
        }
        return readOnly(router(first).getConnection(tenant, context));
      }
    } else if (!config.replicaFallbackToPrimary()) {
      throw TenantPoolSqlState.CONNECTION_FAILED.exception("tenant " + tenant + " has no read replica and"
          + " tenantpool.replica.fallback is none; set tenantpool.replicaUrl (or the replicas field of its catalog"
          + " entry), or tenantpool.replica.fallback=primary");
    }
    if (failure != null && LOG.isDebugEnabled()) {
      LOG.debug("no read replica of tenant {} answered; reading from its primary: {}", tenant, failure.getMessage());
    }
    try {
      return readOnly(primary.getConnection(tenant, context));
    } catch (SQLException e) {
      if (failure != null) {
        e.addSuppressed(failure); // what the replicas said, for whoever reads the trace
      }
      throw e;
    }
  }

  /**
   * Whether another replica, or the primary, may serve the read {@code failure} refused: not when
   * it says the same of every pool of the tenant (paused, closed, an invalid id, a malformed
   * entry), which the caller must see rather than wait out twice.
   */
  private static boolean elsewhere(SQLException failure) {
    String state = failure.getSQLState();
    return !(TenantPoolSqlState.TENANT_PAUSED.code().equals(state) || TenantPoolSqlState.CLOSED.code().equals(state)
        || TenantPoolSqlState.INVALID_TENANT.code().equals(state) || TenantPoolSqlState.NO_TENANT.code().equals(state)
        || TenantPoolSqlState.INVALID_CONFIGURATION.code().equals(state));
  }

  /** {@code connection} set read-only (HikariCP resets it when the connection goes back to its pool). */
  private static Connection readOnly(Connection connection) throws SQLException {
    try {
      connection.setReadOnly(true);
      return connection;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** The router of replica {@code position}, created on first use. */
  private TenantRouter router(int position) throws SQLException {
    TenantRouter router = routers.get(position);
    if (router != null) {
      return router;
    }
    synchronized (creation) { // rare (once per position), and no I/O: a router opens no pool when built
      if (closed) {
        throw TenantPoolSqlState.CLOSED.exception("the data source " + name + " is closed; create a new one");
      }
      router = routers.get(position);
      if (router == null) {
        // The template the router's settings name is the first tenant's view only (toString);
        // every target comes from the ReplicaResolver.
        TenantTemplate shown = position < config.replicaTemplates().size() ? config.replicaTemplates().get(position)
            : config.targetTemplate();
        router = new TenantRouter(config.replicaRouterSettings(name, position, shown, registry, openTelemetry, share),
            new ReplicaResolver(primaryResolver, this, position));
        boolean fallback = config.replicaFallbackToPrimary();
        // The transition itself is logged by the router (dev.tenantpool.circuit); this says where reads go.
        router.addListener(new TenantPoolListener() {
          @Override
          public void onReplicaCircuitTransition(String tenant, int replica, CircuitState from, CircuitState to) {
            if (to == CircuitState.OPEN) {
              LOG.warn("read replica {} of tenant {} is skipped while its circuit is open; its reads go to {}", replica,
                  tenant, fallback ? "another replica or the primary" : "another replica, or fail with TP004");
            } else if (to == CircuitState.CLOSED) {
              LOG.info("read replica {} of tenant {} takes reads again", replica, tenant);
            }
          }
        });
        for (TenantPoolListener listener : listeners) {
          router.addListener(listener);
        }
        for (String tenant : paused) {
          router.pause(tenant);
        }
        routers.set(position, router);
      }
      return router;
    }
  }

  /** Tells {@code listener} of every replica router's circuit transitions, those of routers created later included. */
  void addListener(TenantPoolListener listener) {
    synchronized (creation) {
      listeners.add(listener);
      for (TenantRouter router : routers()) {
        router.addListener(listener);
      }
    }
  }

  /** Pauses {@code tenant}'s replica pools, those of routers created later included. */
  void pause(String tenant) throws SQLException {
    synchronized (creation) { // pause takes no I/O: it marks the tenant and logs
      paused.add(tenant);
      for (TenantRouter router : routers()) {
        router.pause(tenant);
      }
    }
  }

  /** Ends {@link #pause}. */
  void resume(String tenant) {
    synchronized (creation) {
      paused.remove(tenant);
      for (TenantRouter router : routers()) {
        router.resume(tenant);
      }
    }
  }

  /** The routers created so far, by position. */
  List<TenantRouter> routers() {
    List<TenantRouter> all = new ArrayList<>();
    for (int i = 0; i < routers.length(); i++) {
      TenantRouter router = routers.get(i);
      if (router != null) {
        all.add(router);
      }
    }
    return all;
  }

  @Override
  public void close() {
    synchronized (creation) {
      closed = true;
    }
    for (TenantRouter router : routers()) {
      router.close();
    }
  }
}
