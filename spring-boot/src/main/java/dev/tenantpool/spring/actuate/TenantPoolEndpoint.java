package dev.tenantpool.spring.actuate;

import dev.tenantpool.PoolView;
import dev.tenantpool.TenantPoolDataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/tenantpool}: the tenants' pools as PgBouncer's {@code SHOW POOLS} lists them
 * (tenant, active, idle, waiting, total, circuit, paused, acquisition max and p99, last failure),
 * and maintenance of one tenant:
 *
 * <pre>
 * GET  /actuator/tenantpool                 every tenant with a pool
 * GET  /actuator/tenantpool/{tenant}        one tenant's row (404 without a pool)
 * POST /actuator/tenantpool/{tenant}/pause  new connections of the tenant wait until it is resumed
 * POST /actuator/tenantpool/{tenant}/resume
 * POST /actuator/tenantpool/{tenant}/evict  closes the tenant's pool; it is created again on next use
 * </pre>
 *
 * <p>Read-only unless {@code management.endpoint.tenantpool.access=unrestricted}, as Spring Boot
 * keeps its own sensitive endpoints; exposed over HTTP with
 * {@code management.endpoints.web.exposure.include=tenantpool} (and over JMX as Boot's are).
 */
@Endpoint(id = "tenantpool", defaultAccess = Access.READ_ONLY)
public final class TenantPoolEndpoint {
  private final TenantPoolDataSource dataSource;
  private final AcquisitionTimes times;

  TenantPoolEndpoint(TenantPoolDataSource dataSource, AcquisitionTimes times) {
    this.dataSource = dataSource;
    this.times = times;
  }

  /** Every tenant with a pool, sorted by tenant, and the per-server connection budgets. */
  @ReadOperation
  public Pools pools() {
    List<Pool> rows = new ArrayList<>();
    for (PoolView pool : dataSource.pools()) {
      rows.add(row(pool));
    }
    List<Budget> budgets = new ArrayList<>();
    for (TenantPoolDataSource.BudgetStats budget : dataSource.budgets()) {
      budgets.add(new Budget(budget.server(), budget.used(), budget.max()));
    }
    return new Pools(dataSource.name(), rows, budgets);
  }

  /** The row of {@code tenant}, or null (404) when it has no pool now. */
  @ReadOperation
  public Pool pool(@Selector String tenant) {
    for (PoolView pool : dataSource.pools()) {
      if (pool.tenant().equals(tenant)) {
        return row(pool);
      }
    }
    return null;
  }

  /**
   * Applies {@code action} ({@code pause}, {@code resume} or {@code evict}) to {@code tenant}.
   *
   * @throws InvalidEndpointRequestException (400) for another action or an invalid tenant id
   */
  @WriteOperation
  public Action act(@Selector String tenant, @Selector String action) {
    String verb = action.toLowerCase(Locale.ROOT);
    switch (verb) {
      case "pause":
        try {
          dataSource.pause(tenant);
        } catch (SQLException | IllegalArgumentException e) {
          throw new InvalidEndpointRequestException(e.getMessage(), "invalid tenant id");
        }
        return new Action(tenant, verb, true, pool(tenant));
      case "resume":
        dataSource.resume(tenant);
        return new Action(tenant, verb, true, pool(tenant));
      case "evict":
        boolean hadPool = dataSource.evict(tenant);
        return new Action(tenant, verb, hadPool, null);
      default:
        throw new InvalidEndpointRequestException(
            "unknown action \"" + action + "\"; use pause, resume or evict", "unknown action");
    }
  }

  private Pool row(PoolView pool) {
    AcquisitionTimes.Times acquire = times.of(pool.tenant());
    return new Pool(pool.tenant(), pool.active(), pool.idle(), pool.waiting(), pool.total(), pool.circuit().name(),
        pool.paused(), acquire.p99Ms(), acquire.maxMs(), pool.lastError(),
        pool.lastErrorAt() == null ? null : pool.lastErrorAt().toString());
  }

  /** The listing: the data source's name, its pools and its budgets. */
  public record Pools(String dataSource, List<Pool> pools, List<Budget> budgets) implements OperationResponseBody {}

  /** One tenant's pool; times in milliseconds, null where unknown. */
  public record Pool(String tenant, int active, int idle, int waiting, int total, String circuit, boolean paused,
      Double acquireP99Ms, Double acquireMaxMs, String lastError, String lastErrorAt) implements OperationResponseBody {}

  /** One server's connection budget ({@code tenantpool.maxTotalConnections}). */
  public record Budget(String server, int used, int max) {}

  /**
   * What an action did: {@code done} is false for {@code evict} of a tenant with no pool; {@code pool}
   * is the tenant's row afterwards (null when it has none).
   */
  public record Action(String tenant, String action, boolean done, Pool pool) implements OperationResponseBody {}
}
