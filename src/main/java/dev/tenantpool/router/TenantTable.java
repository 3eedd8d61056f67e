package dev.tenantpool.router;

import dev.tenantpool.TenantPoolSqlState;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the router knows of its tenants, shared by its parts: the tenants that have a pool (what
 * a borrow finds), what is remembered of every tenant seen (its breaker and last failure, also
 * for tenants whose pool could not be created), the creations in flight, and whether the router
 * has closed. Entries and states are added by {@link PoolCreation} only; entries are removed by
 * {@link PoolRetirement} and by {@link SlowBorrow} (a retired entry it found), states by
 * PoolRetirement and by {@link CatalogChanges} (a fixed catalog entry gets a fresh breaker).
 */
final class TenantTable {
  /** Tenants with a pool, by id: the borrow's only lookup. */
  final ConcurrentHashMap<String, TenantEntry> entries = new ConcurrentHashMap<>();
  /** Every tenant the router remembers, with or without a pool. */
  final ConcurrentHashMap<String, TenantState> states = new ConcurrentHashMap<>();
  /** Pool creations in flight: later callers for the tenant join the first one's future. */
  final ConcurrentHashMap<String, CompletableFuture<TenantEntry>> creating = new ConcurrentHashMap<>();
  private final String routerName;
  private volatile boolean closed;

  TenantTable(String routerName) {
    this.routerName = routerName;
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw closedException();
    }
  }

  SQLException closedException() {
    return TenantPoolSqlState.CLOSED.exception("the tenant router " + routerName + " is closed; create a new data source");
  }
}
