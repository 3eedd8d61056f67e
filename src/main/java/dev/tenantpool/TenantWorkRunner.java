package dev.tenantpool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Runs {@link TenantPoolDataSource#forEachTenant}: each tenant in turn, failures collected. */
final class TenantWorkRunner {
  private TenantWorkRunner() {}

  static void run(TenantPoolDataSource dataSource, Iterable<String> tenants, TenantWork work)
      throws TenantWorkException {
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(work, "work");
    Set<String> distinct = new LinkedHashSet<>();
    for (String tenant : tenants) {
      if (tenant == null || tenant.isBlank()) {
        throw new IllegalArgumentException("every tenant must be a non-blank id such as \"acme\", but "
            + (tenant == null ? "null" : "\"" + tenant + "\"") + " was listed; no work was run");
      }
      distinct.add(tenant);
    }
    Map<String, Exception> failures = new LinkedHashMap<>();
    List<String> succeeded = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String tenant : distinct) {
      if (Thread.currentThread().isInterrupted()) {
        skipped.add(tenant);
        continue;
      }
      try (TenantContext.Scope scope = TenantContext.use(tenant)) {
        work.run(tenant, dataSource.forTenant(tenant));
        succeeded.add(tenant);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.put(tenant, e);
      } catch (Exception e) {
        failures.put(tenant, e);
      }
    }
    if (!failures.isEmpty() || !skipped.isEmpty()) {
      throw new TenantWorkException(failures, succeeded, skipped);
    }
  }
}
