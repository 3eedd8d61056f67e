package dev.tenantpool;

import dev.tenantpool.TenantPoolDataSource.BudgetStats;
import dev.tenantpool.pool.ConnectionBudget;
import dev.tenantpool.router.TenantRouter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The routers of one data source: the primary's and, when it can have read replicas, those of
 * its replica positions ({@link ReplicaRoutes}). What an operator asks of the data source (budgets,
 * health, pause, resume, closing a tenant's pools) is asked of all of them here; the primary's
 * borrow does not pass through this class.
 */
final class DataSourceRouters {
  private final TenantRouter primary;
  // Null when the data source can have no replica (no tenantpool.replicaUrl, no catalog):
  // getReadOnlyConnection then reads from the primary.
  private final ReplicaRoutes replicas;

  DataSourceRouters(TenantRouter primary, ReplicaRoutes replicas) {
    this.primary = primary;
    this.replicas = replicas;
  }

  /** Tells {@code listener} of the primary's circuit transitions and of every replica's. */
  void addListener(TenantPoolListener listener) {
    primary.addListener(listener);
    if (replicas != null) {
      replicas.addListener(listener);
    }
  }

  /** A read-only connection of {@code tenant}: see {@link TenantPoolDataSource#getReadOnlyConnection(String)}. */
  Connection readOnly(String tenant, String context) throws SQLException {
    if (replicas == null) {
      Connection connection = primary.getConnection(tenant, context);
      try {
        connection.setReadOnly(true);
        return connection;
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    // Checked here, before a catalog is asked for the tenant's replicas (it would say TP008).
    primary.settings().tenantIds().check(tenant, "tenant id");
    return replicas.getConnection(tenant, context, primary);
  }

  List<BudgetStats> budgets() {
    List<BudgetStats> all = new ArrayList<>();
    for (ConnectionBudget budget : primary.budgets()) {
      all.add(new BudgetStats(budget.server(), budget.used(), budget.max()));
    }
    if (replicas != null) {
      for (TenantRouter replica : replicas.routers()) {
        for (ConnectionBudget budget : replica.budgets()) {
          all.add(new BudgetStats(budget.server(), budget.used(), budget.max(), TenantHealth.REPLICA));
        }
      }
    }
    return all;
  }

  boolean closePool(String tenant) {
    boolean closed = primary.closePool(tenant);
    if (replicas != null) {
      for (TenantRouter replica : replicas.routers()) {
        closed |= replica.closePool(tenant);
      }
    }
    return closed;
  }

  List<TenantHealth> health() {
    if (replicas == null) {
      return primary.health();
    }
    // Each tenant's primary row first, then its replicas' rows (role replica), by position.
    List<TenantHealth> all = new ArrayList<>(primary.health());
    for (TenantRouter replica : replicas.routers()) {
      for (TenantHealth row : replica.health()) {
        all.add(row.withRole(TenantHealth.REPLICA));
      }
    }
    all.sort(Comparator.comparing(TenantHealth::tenant)
        .thenComparing(row -> TenantHealth.REPLICA.equals(row.role())));
    return all;
  }

  void pause(String tenant) throws SQLException {
    primary.pause(tenant);
    if (replicas != null) {
      replicas.pause(tenant);
    }
  }

  void resume(String tenant) {
    primary.resume(tenant);
    if (replicas != null) {
      replicas.resume(tenant);
    }
  }

  void close() {
    if (replicas != null) {
      replicas.close(); // before the primary's router, which closes the catalog they resolve by
    }
    primary.close();
  }
}
