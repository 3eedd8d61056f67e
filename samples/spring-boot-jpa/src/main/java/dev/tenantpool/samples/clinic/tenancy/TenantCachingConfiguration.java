package dev.tenantpool.samples.clinic.tenancy;

import dev.tenantpool.samples.clinic.TenantKeyGenerator;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.Configuration;

/**
 * Caching, with keys that name the tenant: a cache is shared by the whole JVM, and a key without
 * the tenant (Spring's default: the method's arguments) serves one tenant's cached data to all.
 * A configuration of its own, so that slice tests, which bring no cache manager, leave it out.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class TenantCachingConfiguration implements CachingConfigurer {
  @Override
  public KeyGenerator keyGenerator() {
    return new TenantKeyGenerator();
  }
}
