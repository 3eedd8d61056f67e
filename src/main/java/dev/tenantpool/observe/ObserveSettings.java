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
 */
public record ObserveSettings(
    MeterRegistry registry,
    OpenTelemetry openTelemetry,
    TenantTag tenantTag,
    boolean histograms,
    boolean tracing,
    long slowAcquireThresholdMs,
    String dataSource) {}
