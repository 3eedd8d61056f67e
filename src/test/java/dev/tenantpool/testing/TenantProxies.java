package dev.tenantpool.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link FaultProxy} per tenant database, for a data source whose template is
 * {@code <prefix>_{tenant}}: add {@link #socketFactoryClass()} as its {@code socketFactory}
 * property and each tenant's physical connections (and cancel requests) go through that tenant's
 * proxy, while the data source stays one router with one URL.
 *
 * <pre>{@code
 * try (TenantProxies proxies = new TenantProxies(db, "cb")) {
 *   FaultProxy dead = proxies.of("t0");          // created in PASS mode, routed at once
 *   ... .property("socketFactory", TenantProxies.socketFactoryClass()) ...
 *   dead.blackhole();
 * }
 * }</pre>
 */
public final class TenantProxies implements AutoCloseable {
  private final TestDatabase db;
  private final String prefix;
  private final Map<String, FaultProxy> proxies = new ConcurrentHashMap<>();

  /** Proxies for the databases {@code <prefix>_<tenant>} of {@code db}. */
  public TenantProxies(TestDatabase db, String prefix) {
    this.db = db;
    this.prefix = prefix;
  }

  /** The value of pgJDBC's {@code socketFactory} property that routes through these proxies. */
  public static String socketFactoryClass() {
    return ProxySocketFactory.class.getName();
  }

  /** {@code tenant}'s proxy, started in PASS mode and routed on first use. */
  public FaultProxy of(String tenant) {
    return proxies.computeIfAbsent(tenant, t -> {
      FaultProxy proxy = FaultProxy.inFrontOf(db);
      ProxySocketFactory.route(prefix + "_" + t, proxy);
      return proxy;
    });
  }

  /** Unroutes and closes every proxy. */
  @Override
  public void close() {
    proxies.forEach((tenant, proxy) -> {
      ProxySocketFactory.unroute(prefix + "_" + tenant);
      proxy.close();
    });
    proxies.clear();
  }
}
