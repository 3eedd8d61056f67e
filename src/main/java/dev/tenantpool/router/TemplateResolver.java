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

  /**
   * {@code properties} with every {@code {tenant}} in their values replaced by {@code tenant}: a
   * copy when a value holds the placeholder, else {@code properties} itself, shared by every
   * tenant (nothing writes to them: a connection attempt hands the driver a copy of its own).
   */
  public static Properties render(Properties properties, String tenant) {
    boolean placeholder = false;
    for (String key : properties.stringPropertyNames()) {
      placeholder |= properties.getProperty(key).contains(TenantTemplate.PLACEHOLDER);
    }
    if (!placeholder) {
      return properties;
    }
    Properties rendered = new Properties();
    for (String key : properties.stringPropertyNames()) {
      rendered.setProperty(key, properties.getProperty(key).replace(TenantTemplate.PLACEHOLDER, tenant));
    }
    return rendered;
  }
}
