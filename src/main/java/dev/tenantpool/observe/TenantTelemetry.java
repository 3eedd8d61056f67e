package dev.tenantpool.observe;

import dev.tenantpool.CircuitState;
import dev.tenantpool.url.TargetAddress;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One tenant's meters and spans. The methods on the hot path record into pre-registered meters
 * and allocate nothing unless tracing is on.
 */
public final class TenantTelemetry {
  // Database semantic conventions (stable names; see the OpenTelemetry semantic conventions).
  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> DB_RESPONSE_STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenantpool.tenant");

  private final Observability owner;
  private final MeterGroup group;
  private final String tagValue;
  private final PoolGauges gauges;
  private final Attributes baseAttributes;
  private final String systemName;
  private final long slowAcquireNanos;

  TenantTelemetry(
      Observability owner, MeterGroup group, String tagValue, PoolGauges gauges, String tenant, TargetAddress target) {
    this.owner = owner;
    this.group = group;
    this.tagValue = tagValue;
    this.gauges = gauges;
    this.slowAcquireNanos = owner.slowAcquireThresholdNanos();
    this.systemName = target.system() != null ? target.system() : "other_sql";
    AttributesBuilder attributes = Attributes.builder().put(DB_SYSTEM_NAME, systemName).put(TENANT, tenant);
    if (target.namespace() != null) {
      attributes.put(DB_NAMESPACE, target.namespace());
    }
    if (target.address() != null) {
      attributes.put(SERVER_ADDRESS, target.address());
    }
    if (target.port() > 0) {
      attributes.put(SERVER_PORT, (long) target.port());
    }
    this.baseAttributes = attributes.build();
  }

  /** A connection was lent after {@code nanos}; slow ones also get a span that shows the wait. */
  public void acquired(long nanos) {
    group.acquireSuccess.record(nanos, TimeUnit.NANOSECONDS);
    if (slowAcquireNanos > 0 && nanos > slowAcquireNanos) {
      slowAcquisitionSpan(nanos);
    }
  }

  private void slowAcquisitionSpan(long nanos) {
    Tracer tracer = owner.tracer();
    if (tracer != null) {
      long endEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
      Span span = tracer.spanBuilder("tenantpool.acquire").setSpanKind(SpanKind.INTERNAL)
          .setAllAttributes(baseAttributes)
          .setStartTimestamp(endEpochNanos - nanos, TimeUnit.NANOSECONDS).startSpan();
      span.end(endEpochNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A {@code getConnection} ended without a connection after {@code nanos}. */
  public void acquireFailed(AcquireOutcome outcome, long nanos) {
    timer(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(AcquireOutcome outcome) {
    switch (outcome) {
      case TIMEOUT:
        return group.acquireTimeout;
      case REJECTED:
        return group.acquireRejected;
      case ERROR:
        return group.acquireError;
      default:
        return group.acquireSuccess;
    }
  }

  /** A {@code getConnection} was refused by the open circuit. */
  public void circuitRejected() {
    group.circuitRejected.increment();
  }

  /** A connection was returned after a lease of {@code nanos}. */
  public void released(long nanos) {
    group.usage.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts a statement's span, or returns null when tracing is off.
   *
   * @param sql the statement's SQL, or null when unknown (a batch of different statements)
   * @param literals true when {@code sql} may hold literals (plain {@code Statement}): they are
   *     replaced by {@code ?} before recording
   * @param batchSize the number of statements in a batch, 0 when not a batch
   */
  public StatementTrace startStatement(Operation operation, String sql, boolean literals, int batchSize) {
    Tracer tracer = owner.tracer();
    if (tracer == null) {
      return null;
    }
    SpanBuilder builder = tracer.spanBuilder(operation == Operation.OTHER ? systemName : operation.name())
        .setSpanKind(SpanKind.CLIENT)
        .setAllAttributes(baseAttributes);
    if (operation != Operation.OTHER) {
      builder.setAttribute(DB_OPERATION_NAME, operation.name());
    }
    if (sql != null) {
      builder.setAttribute(DB_QUERY_TEXT, literals ? SqlSanitizer.sanitize(sql) : sql);
    }
    if (batchSize > 1) {
      builder.setAttribute(DB_BATCH_SIZE, (long) batchSize);
    }
    return new StatementTrace(builder.startSpan());
  }

  /** A statement started at {@code startNanos} ended, with {@code failure} or null on success. */
  public void statementFinished(Operation operation, long startNanos, StatementTrace trace, SQLException failure) {
    group.statementDuration(operation).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      group.statementErrors(operation).increment();
    }
    if (trace != null) {
      trace.scope.close();
      Span span = trace.span;
      if (failure != null) {
        String state = failure.getSQLState();
        if (state != null) {
          span.setAttribute(DB_RESPONSE_STATUS_CODE, state);
        }
        span.setAttribute(ERROR_TYPE, state != null ? state : failure.getClass().getName());
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  /** The tenant's circuit moved. */
  public void transition(CircuitState from, CircuitState to) {
    group.transitions(from.name().toLowerCase(Locale.ROOT), to.name().toLowerCase(Locale.ROOT)).increment();
  }

  /** The tenant's pool was created (first connection included) in {@code nanos}. */
  public void poolCreated(long nanos) {
    group.poolCreation.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The tenant's pool is closing; its meters go with the last tenant of their group.
   *
   * @param evictionReason why it was evicted ({@code idle}, {@code explicit}, {@code maxPools}), or
   *     null when the whole data source is closing
   */
  public void close(String evictionReason) {
    if (evictionReason != null) {
      owner.evicted(evictionReason);
    }
    owner.leave(tagValue, group, gauges);
  }
}
