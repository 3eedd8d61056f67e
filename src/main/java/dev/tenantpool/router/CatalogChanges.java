package dev.tenantpool.router;

import dev.tenantpool.TenantPoolSqlState;
import dev.tenantpool.observe.TenantMdc;
import java.sql.SQLException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a change of a tenant's catalog entry (or its tier) to its pool; called on the catalog's
 * refresh thread. A new password reaches the existing pool's new physical connections, and its
 * pooled ones are replaced (idle ones closed now, leased ones when returned). A new URL, login,
 * tier or pool setting, or the tenant's removal from the catalog, retires the pool: it lends no
 * more, and closes once its leased connections are back (at most the shutdown timeout later); the
 * next call builds a pool from the new entry. An entry that became malformed leaves a working
 * pool as it is, with a warning: a typo in the catalog does not take a live tenant down (a pool
 * created later fails with the entry's 22023).
 */
final class CatalogChanges {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tenantpool.pool");
  // A change that arrives while the tenant's pool is being built from the old entry is applied
  // again this much later, once the pool is published.
  private static final long CREATION_RECHECK_MILLIS = 100;

  private final TenantTable table;
  private final TenantResolver resolver;
  private final PoolRetirement retirement;
  private final ScheduledExecutorService scheduler;

  CatalogChanges(TenantTable table, TenantResolver resolver, PoolRetirement retirement,
      ScheduledExecutorService scheduler) {
    this.table = table;
    this.resolver = resolver;
    this.retirement = retirement;
    this.scheduler = scheduler;
  }

  void targetChanged(String tenant) {
    TenantEntry entry = table.entries.get(tenant);
    if (entry == null) {
      if (table.creating.containsKey(tenant)) {
        recheckAfterCreation(tenant);
      } else {
        // An entry that was fixed deserves a fresh breaker; the old one's series go with it, or
        // its stale circuit state (open, say) would stay in the tenant's gauge beside the new one.
        TenantState forgotten = table.states.remove(tenant);
        if (forgotten != null && forgotten.telemetry != null) {
          forgotten.telemetry.close(null);
        }
      }
      return;
    }
    TenantTarget next;
    try {
      next = resolver.resolve(tenant);
    } catch (SQLException e) {
      if (TenantPoolSqlState.UNKNOWN_TENANT.code().equals(e.getSQLState())) {
        LOG.info("tenant {} is no longer in the catalog; retiring its pool", tenant);
        retirement.retireWhenReturned(entry, "catalog");
      } else {
        LOG.warn("the changed catalog entry of tenant {} cannot be used; its pool keeps its settings: {}",
            tenant, e.getMessage());
      }
      return;
    }
    TenantTarget current = entry.target;
    if (!next.samePool(current)) {
      LOG.info("the catalog entry of tenant {} changed; retiring its pool for one with the new settings", tenant);
      retirement.retireWhenReturned(entry, "catalog");
    } else if (!next.properties().equals(current.properties())) {
      LOG.info("the credentials of tenant {} changed; replacing its pooled connections", tenant);
      entry.target = next;
      entry.pool().rotate(next.properties());
    }
  }

  private void recheckAfterCreation(String tenant) {
    try {
      scheduler.schedule(TenantMdc.around(tenant, () -> targetChanged(tenant)), CREATION_RECHECK_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The router is closing.
    }
  }
}
