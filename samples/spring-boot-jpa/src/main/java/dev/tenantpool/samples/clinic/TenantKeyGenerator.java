package dev.tenantpool.samples.clinic;

import dev.tenantpool.TenantContext;
import java.lang.reflect.Method;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.cache.interceptor.SimpleKey;

/**
 * Cache keys that name the tenant: a cache is shared by the whole JVM, so a key without the
 * tenant hands one tenant's cached data to every other. Outside any {@link TenantContext} it
 * refuses, rather than share an entry between tenants.
 */
public final class TenantKeyGenerator implements KeyGenerator {
  @Override
  public Object generate(Object target, Method method, Object... params) {
    String tenant = TenantContext.current().orElseThrow(() -> new IllegalStateException(
        "a cached method (" + method.getName() + ") ran outside any TenantContext; its entry would be shared by all tenants"));
    return new SimpleKey(tenant, new SimpleKey(params));
  }
}
