package dev.tenantpool.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own settings under {@code spring.datasource.tenantpool}. The same prefix holds
 * every {@code tenantpool.*} key of the driver, in Boot's relaxed form
 * ({@code spring.datasource.tenantpool.maximum-pool-size=10} is {@code tenantpool.maximumPoolSize});
 * those are bound by {@link TenantPoolKeys}, not by this class.
 */
@ConfigurationProperties(prefix = TenantPoolProperties.PREFIX)
public class TenantPoolProperties {
  /** The prefix of the starter's keys and of the driver's keys in a Spring Boot application. */
  public static final String PREFIX = "spring.datasource.tenantpool";

  /**
   * Every tenant of the application. Flyway and spring.sql.init run once for each of them, in this
   * order; with none listed they run for tenantpool.defaultTenant only, if it is set. A tenant
   * catalog's tenants are not listed by TenantPool's API: list them here too.
   */
  private List<String> tenants = new ArrayList<>();

  private final Web web = new Web();

  public List<String> getTenants() {
    return tenants;
  }

  public void setTenants(List<String> tenants) {
    this.tenants = new ArrayList<>(tenants);
  }

  public Web getWeb() {
    return web;
  }

  /** The servlet filter that opens each request's TenantContext. */
  public static class Web {
    /** Whether a servlet web application gets the filter that opens each request's TenantContext. */
    private boolean enabled = true;

    /** The request header that names the tenant, unless the application declares a TenantResolver bean. */
    private String header = "X-Tenant-Id";

    /**
     * Path prefixes the filter leaves alone (no tenant needed, none opened), e.g. /public. The
     * actuator's base path (management.endpoints.web.base-path) and /error are always left alone.
     */
    private List<String> excludePaths = new ArrayList<>();

    /**
     * Refuse (400) a request whose tenant is not in spring.datasource.tenantpool.tenants, instead of
     * letting TenantPool route it by the URL template.
     */
    private boolean listedTenantsOnly;

    /**
     * The filter's order. The default runs it after Spring Security's filter chain (-100), so that
     * a TenantResolver can read the authenticated principal.
     */
    private int filterOrder = -90;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getHeader() {
      return header;
    }

    public void setHeader(String header) {
      this.header = header;
    }

    public List<String> getExcludePaths() {
      return excludePaths;
    }

    public void setExcludePaths(List<String> excludePaths) {
      this.excludePaths = new ArrayList<>(excludePaths);
    }

    public boolean isListedTenantsOnly() {
      return listedTenantsOnly;
    }

    public void setListedTenantsOnly(boolean listedTenantsOnly) {
      this.listedTenantsOnly = listedTenantsOnly;
    }

    public int getFilterOrder() {
      return filterOrder;
    }

    public void setFilterOrder(int filterOrder) {
      this.filterOrder = filterOrder;
    }
  }
}
