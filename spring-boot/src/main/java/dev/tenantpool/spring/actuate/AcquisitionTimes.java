package dev.tenantpool.spring.actuate;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.TenantPoolProperty;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A tenant's connection acquisition times as its meters report them: the
 * {@code tenantpool.connection.acquire} meters of successful borrows (tags {@code datasource},
 * {@code tenant}, {@code outcome=success}) in the registry the data source reports to. By default
 * the driver publishes a function timer and a max gauge: the max is known, the 99th percentile is
 * not. With {@code tenantpool.metrics.histograms=true} it publishes a timer, and the 99th
 * percentile is one the registry computes
 * ({@code management.metrics.distribution.percentiles.tenantpool.connection.acquire=0.99}), else
 * the upper bound of the histogram bucket that holds it (on a registry that keeps buckets, such as
 * Prometheus's). Both are null when the meters are not per tenant
 * ({@code tenantpool.metrics.tenantTag} is {@code tier} or {@code none}) or the tenant has no
 * successful borrow yet.
 */
final class AcquisitionTimes {
  static final String METER = "tenantpool.connection.acquire";
  private static final double PERCENTILE = 0.99;

  private final MeterRegistry registry;
  private final String dataSource;
  private final boolean perTenant;
  private final boolean histograms;

  /** The times in the registry the starter gave the data source (Boot's), else in the driver's default (the global one). */
  static AcquisitionTimes of(TenantPoolDataSource dataSource, ObjectProvider<MeterRegistry> registry) {
    return new AcquisitionTimes(registry.getIfUnique(() -> Metrics.globalRegistry), dataSource);
  }

  AcquisitionTimes(MeterRegistry registry, TenantPoolDataSource dataSource) {
    this.registry = registry;
    this.dataSource = dataSource.name();
    this.perTenant = "tenant".equals(dataSource.setting(TenantPoolProperty.METRICS_TENANT_TAG));
    this.histograms = Boolean.parseBoolean(dataSource.setting(TenantPoolProperty.METRICS_HISTOGRAMS));
  }

  /** The max and the 99th percentile of {@code tenant}'s successful acquisitions, in milliseconds. */
  Times of(String tenant) {
    if (!perTenant) {
      return Times.NONE;
    }
    Timer timer = registry.find(METER).tags("datasource", dataSource, "tenant", tenant, "outcome", "success").timer();
    if (timer == null) {
      return withoutHistogram(tenant);
    }
    if (timer.count() == 0) {
      return Times.NONE;
    }
    HistogramSnapshot snapshot = timer.takeSnapshot();
    Double max = snapshot.max(TimeUnit.MILLISECONDS);
    return new Times(max, p99(snapshot, max));
  }

  /**
   * Without histograms the driver publishes count and total as a function timer and the max as a
   * gauge ({@code tenantpool.connection.acquire.seconds.max}): no distribution, so no percentile.
   */
  private Times withoutHistogram(String tenant) {
    FunctionTimer counts = registry.find(METER).tags("datasource", dataSource, "tenant", tenant, "outcome", "success")
        .functionTimer();
    Gauge max = registry.find(METER + ".seconds.max")
        .tags("datasource", dataSource, "tenant", tenant, "outcome", "success").gauge();
    if (counts == null || counts.count() == 0 || max == null) {
      return Times.NONE;
    }
    return new Times(max.value() * 1000, null);
  }

  private Double p99(HistogramSnapshot snapshot, double max) {
    for (ValueAtPercentile percentile : snapshot.percentileValues()) {
      if (Math.abs(percentile.percentile() - PERCENTILE) < 1e-9) {
        return percentile.value(TimeUnit.MILLISECONDS);
      }
    }
    CountAtBucket[] buckets = snapshot.histogramCounts();
    if (!histograms || buckets.length == 0 || snapshot.count() == 0) {
      return null;
    }
    return fromBuckets(buckets, snapshot.count(), max);
  }

  /**
   * The upper bound of the bucket that holds the 99th percentile, never above the max. Registries
   * report bucket counts either cumulative (Prometheus) or per bucket; cumulative counts add up to
   * more than the number of samples as soon as two buckets hold any, and where they do not, both
   * readings give the same bucket.
   */
  static double fromBuckets(CountAtBucket[] buckets, long count, double max) {
    double sum = 0;
    for (CountAtBucket bucket : buckets) {
      sum += bucket.count();
    }
    boolean cumulative = sum > count;
    double wanted = Math.ceil(PERCENTILE * count);
    double seen = 0;
    for (CountAtBucket bucket : buckets) {
      seen = cumulative ? bucket.count() : seen + bucket.count();
      if (seen >= wanted) {
        return Math.min(bucket.bucket(TimeUnit.MILLISECONDS), max);
      }
    }
    return max; // above the largest bucket
  }

  /** Milliseconds, or null where unknown. */
  record Times(Double maxMs, Double p99Ms) {
    static final Times NONE = new Times(null, null);
  }
}
