package dev.tenantpool.spring.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code tenantpool} health contributor's settings. */
@ConfigurationProperties(prefix = "management.health.tenantpool")
public class TenantPoolHealthProperties {
  /**
   * The contributor's status while some tenant's circuit is open. UP by default: one tenant's
   * outage is reported in the details but does not turn the application DOWN (its other tenants
   * are served); DOWN (or OUT_OF_SERVICE, or a status of your own) makes it do so.
   */
  private String tenantOutageStatus = "UP";

  public String getTenantOutageStatus() {
    return tenantOutageStatus;
  }

  public void setTenantOutageStatus(String tenantOutageStatus) {
    this.tenantOutageStatus = tenantOutageStatus;
  }
}
