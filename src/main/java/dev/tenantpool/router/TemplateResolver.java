package dev.tenantpool.router;

import dev.tenantpool.url.TenantTemplate;
import java.util.Properties;

/**
 * Resolves every tenant by the {@code {tenant}} template, with the data source's settings: what
 * TenantPool does without a catalog.
 */
public final class TemplateResolver implements TenantResolver {
  private final RouterSettings settings;

  /** Resolves by {@code settings}' URL template, properties and pool and breaker settings. */
  public TemplateResolver(RouterSettings settings) {
    this.settings = settings;
  }

  @Override
  public TenantTarget resolve(String tenant) {
    return new TenantTarget(settings.targetUrl().render(tenant), render(settings.targetProperties(), tenant),
        settings.pool(), settings.breaker(), TenantTarget.DEFAULT_TIER);
  }

  /** A copy of {@code properties} with every {@code {tenant}} in their values replaced by {@code tenant}. */
  public static Properties render(Properties properties, String tenant) {
    Properties rendered = new Properties();
    for (String key : properties.stringPropertyNames()) {
      rendered.setProperty(key, properties.getProperty(key).replace(TenantTemplate.PLACEHOLDER, tenant));
    }
    return rendered;
  }
}
