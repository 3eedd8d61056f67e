package dev.tenantpool.benchmarks;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * A span exporter that counts spans and drops them: the traced variants pay for recording every
 * span (sampler always on, a synchronous span processor, so the cost lands on the measured
 * thread) but not for any I/O.
 */
public final class DiscardingSpanExporter implements SpanExporter {
  private final LongAdder exported = new LongAdder();

  /** An SDK that samples every span and hands it to a new discarding exporter. */
  public static OpenTelemetrySdk sdk(DiscardingSpanExporter exporter) {
    SdkTracerProvider tracing = SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOn())
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    return OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
  }

  /** Spans received so far; a benchmark checks it to prove spans were recorded. */
  public long exported() {
    return exported.sum();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    exported.add(spans.size());
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
