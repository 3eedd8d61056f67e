package dev.tenantpool.catalog;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The registry of tenants: which exist, where each one's database is, with which login, pool
 * size and tier. The router asks it once per pool creation (never per connection) and hears
 * from it when an entry changes.
 *
 * <pre>{@code
 * TenantCatalog catalog = TenantCatalog.open(settings, PoolThreads.acquire());
 * TenantSpec acme = catalog.lookup("acme"); // null: not in the catalog
 * }</pre>
 */
public interface TenantCatalog extends AutoCloseable {

  /** Told that a tenant's entry (or the definition of its tier) was added, changed or removed. */
  @FunctionalInterface
  interface Listener {
    /**
     * Called on the catalog's own thread ({@code tenantpool-catalog-N}) with MDC {@code tenant}
     * set, once per changed tenant; must not block for long (the catalog's next refresh waits).
     * A removed tenant is reported only once readings for a second have confirmed it missing.
     */
    void tenantChanged(String tenant);
  }

  /**
   * Opens the catalog {@code settings} name. A file is read now (a missing or unparsable file is
   * an error); a database is read in the background and on first {@link #lookup}, so an
   * unreachable catalog database does not stop the application from starting.
   *
   * @param scheduler the shared scheduler that times the periodic refresh; the refresh itself
   *     (every read, connect and listener call) runs on the catalog's own thread
   * @throws SQLException 22023 when a file catalog cannot be read or parsed, 08001 when no JDBC
   *     driver accepts the catalog URL
   */
  static TenantCatalog open(CatalogSettings settings, ScheduledExecutorService scheduler) throws SQLException {
    if (settings.isFile()) {
      return FileCatalog.open(settings, scheduler);
    }
    return TableCatalog.open(settings, scheduler);
  }

  /**
   * The entry of {@code tenant}, or {@code null} when the catalog has none. A malformed entry is
   * returned with its {@link TenantSpec#problem()} set.
   *
   * @throws SQLException 08001 when the catalog has never been read and cannot be read within
   *     {@link CatalogSettings#timeoutMs()}
   */
  TenantSpec lookup(String tenant) throws SQLException;

  /** The catalog's own definition of {@code tier}, or {@code null} when it defines none. */
  TierSpec tier(String tier);

  /** Adds a listener for changed entries. */
  void addListener(Listener listener);

  /** The source as it may be printed, for messages: {@code file:/etc/tenants.yaml}, {@code jdbc:postgresql://reg/db (table t)}. */
  String describe();

  /** Stops the refresh and closes the catalog's connection, if any. Idempotent. */
  @Override
  void close();
}
