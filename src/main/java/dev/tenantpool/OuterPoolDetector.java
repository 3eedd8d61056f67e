package dev.tenantpool;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a well-known connection pool is opening {@code jdbc:tenantpool:} connections. Such an
 * outer pool caches connections across tenants: a connection opened under tenant A is later lent
 * to a thread working for tenant B. The tenant guard refuses that use (SQLState TP003); this
 * warning explains the right set-up before it happens.
 *
 * <p>The check walks the call stack, so it runs only when {@link TenantPoolDriver} creates a new
 * configuration (once per distinct URL and properties), never per connection; each pool library
 * is reported at most once per JVM.
 */
final class OuterPoolDetector {
  private static final Logger LOG = LoggerFactory.getLogger(OuterPoolDetector.class);

  /** Package prefix and display name of the pools that would wrap a JDBC driver. */
  private static final List<String[]> POOLS = List.of(
      new String[] {"com.zaxxer.hikari.", "HikariCP"},
      new String[] {"org.apache.commons.dbcp2.", "Apache Commons DBCP"},
      new String[] {"org.apache.tomcat.dbcp.", "Tomcat DBCP"},
      new String[] {"org.apache.tomcat.jdbc.", "Tomcat JDBC Pool"},
      new String[] {"com.mchange.v2.c3p0.", "c3p0"},
      new String[] {"io.agroal.", "Agroal"},
      new String[] {"org.vibur.dbcp.", "Vibur DBCP"},
      new String[] {"oracle.ucp.", "Oracle UCP"});

  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private OuterPoolDetector() {}

  /**
   * Looks at the current call stack once and warns if a known pool is on it.
   *
   * @param maximumPoolSize the tenant pools' size, which an outer pool must not outgrow
   */
  static void check(String describedUrl, int maximumPoolSize) {
    String pool = StackWalker.getInstance().walk(frames -> frames
        .map(frame -> poolOf(frame.getClassName()))
        .filter(name -> name != null)
        .findFirst()
        .orElse(null));
    if (pool != null && REPORTED.add(pool)) {
      LOG.warn(message(pool, describedUrl, maximumPoolSize));
    }
  }

  /** What the warning says: both harms of an outer pool, and what to do about each. */
  static String message(String pool, String describedUrl, int maximumPoolSize) {
    return pool + " is opening connections of " + describedUrl + " through TenantPoolDriver. An outer pool"
        + " caches connections across tenants: a connection opened for one tenant would be lent to another"
        + " (the tenant guard refuses such use with SQLState TP003). It also keeps its connections open:"
        + " every outer pool in this JVM that uses this URL shares each tenant's pool of"
        + " tenantpool.maximumPoolSize=" + maximumPoolSize + " connections, so an outer pool larger than"
        + " that (Spring Boot's HikariCP keeps 10) waits for connections it cannot get (SQLState TP006;"
        + " this does not open the tenant's circuit). Remove the outer pool and use TenantPoolDataSource as"
        + " the application's DataSource (it already pools per tenant); if the outer pool must stay, give"
        + " it at most " + maximumPoolSize + " connections (Spring Boot:"
        + " spring.datasource.hikari.maximum-pool-size) or raise tenantpool.maximumPoolSize."
        + " See docs/integrations.md.";
  }

  /** The display name of the pool library {@code className} belongs to, or {@code null}. */
  static String poolOf(String className) {
    for (String[] pool : POOLS) {
      if (className.startsWith(pool[0])) {
        return pool[1];
      }
    }
    return null;
  }

  /** The pools reported so far in this JVM (for tests). */
  static Set<String> reported() {
    return Set.copyOf(REPORTED);
  }
}
