package dev.tenantpool.observe;

/**
 * Where one series of durations goes: {@link DurationStats} (read at scrape time, the default) or
 * a Micrometer timer with a percentile histogram ({@code tenantpool.metrics.histograms=true}).
 */
interface DurationMeter {
  /** Records one call of {@code nanos}. */
  void record(long nanos);
}
