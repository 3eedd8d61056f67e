package dev.tenantpool.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * What and where to report.
 *
 * @param registry where meters go (the global registry unless the application gives one)
 * @param openTelemetry where spans go (the global OpenTelemetry unless the application gives one)
 * @param tenantTag how meters are tagged by tenant
 * @param histograms whether timers publish percentile histograms
 * @param tracing whether statements get spans at all
 * @param slowAcquireThresholdMs acquisitions slower than this get a span of their own
 * @param dataSource the {@code datasource} tag, which keeps two data sources' meters apart
 * @param role the {@code role} tag ({@code primary}, {@code replica}) of every meter, or null for
 *     none: only a data source with read replicas tags its meters by role, so that the series of
 *     every other data source keep the tags they always had
 * @param share the meters this router shares with the other routers of the same data source and
 *     role (the routers of a tenant's several replicas), or null when it has its own
 */
public record ObserveSettings(
    MeterRegistry registry,
    OpenTelemetry openTelemetry,
    TenantTag tenantTag,
    boolean histograms,
    boolean tracing,
    long slowAcquireThresholdMs,
    String dataSource,
    String role,
    MeterShare share) {

  /** Settings without a role tag, meters of its own. */
  public ObserveSettings(MeterRegistry registry, OpenTelemetry openTelemetry, TenantTag tenantTag, boolean histograms,
      boolean tracing, long slowAcquireThresholdMs, String dataSource) {
    this(registry, openTelemetry, tenantTag, histograms, tracing, slowAcquireThresholdMs, dataSource, null, null);
  }

  /** These settings with the {@code role} tag and {@code share}. */
  public ObserveSettings withRole(String role, MeterShare share) {
    return new ObserveSettings(registry, openTelemetry, tenantTag, histograms, tracing, slowAcquireThresholdMs,
        dataSource, role, share);
  }
}
