package dev.tenantpool.url;

/**
 * A string with {@code {tenant}} placeholders, split once so that rendering for a tenant is a
 * single pass with no searching. Rendering happens when a tenant's pool is created, never per
 * connection.
 */
public final class TenantTemplate {
  /** The placeholder that stands for the tenant id. */
  public static final String PLACEHOLDER = "{tenant}";

  private final String[] parts;

  private TenantTemplate(String[] parts) {
    this.parts = parts;
  }

  /** Compiles {@code template}; a template with no placeholder renders to itself. */
  public static TenantTemplate of(String template) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int from = 0;
    int at;
    while ((at = template.indexOf(PLACEHOLDER, from)) >= 0) {
      parts.add(template.substring(from, at));
      from = at + PLACEHOLDER.length();
    }
    parts.add(template.substring(from));
    return new TenantTemplate(parts.toArray(new String[0]));
  }

  /** True when the template contains at least one placeholder. */
  public boolean hasPlaceholder() {
    return parts.length > 1;
  }

  /** The template with every placeholder replaced by {@code tenant} (validated by the caller). */
  public String render(String tenant) {
    if (parts.length == 1) {
      return parts[0];
    }
    StringBuilder out = new StringBuilder(parts.length * 16 + tenant.length() * (parts.length - 1));
    out.append(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(tenant).append(parts[i]);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return SafeText.url(String.join(PLACEHOLDER, parts));
  }
}
