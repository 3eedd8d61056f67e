package dev.tenantpool.router;

import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Where each tenant's pool goes: the {@code {tenant}} template ({@link TemplateResolver}), or a
 * tenant catalog. Asked once per pool creation, never per connection.
 */
public interface TenantResolver extends AutoCloseable {

  /**
   * The target of {@code tenant} (already validated against the tenant pattern).
   *
   * @throws SQLException TP008 for a tenant the catalog does not list, 22023 naming the entry and
   *     field when its entry is malformed, 08001 when the catalog cannot be read
   */
  TenantTarget resolve(String tenant) throws SQLException;

  /**
   * Registers the router to be told about tenants whose target may have changed; it then
   * resolves them again. A resolver whose targets never change ignores it.
   */
  default void subscribe(Consumer<String> changed) {}

  /** Releases what the resolver holds (a catalog's connection and refresh task). */
  @Override
  default void close() {}
}
