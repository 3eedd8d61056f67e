package dev.tenantpool.observe;

import dev.tenantpool.CircuitState;
import dev.tenantpool.url.TargetAddress;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tenant's meters and spans. The methods on the hot path record into pre-registered meters
 * and allocate nothing unless tracing is on: {@link #startStatement} returns null at once when
 * there is no tracer, and {@link #statementSucceeded} then only records a duration.
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
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenantpool.tenant");
  static final AttributeKey<String> ACQUIRE_OUTCOME = AttributeKey.stringKey("tenantpool.acquire.outcome");
  /** Name of the span of a slow connection acquisition. */
  static final String ACQUIRE_SPAN = "tenantpool.acquire";

  private final Observability owner;
  private final MeterGroup group;
  // The group's two meters every borrow records into, held here so that a borrow does not touch
  // the group.
  private final DurationMeter acquireSuccess;
  private final DurationMeter usage;
  private final String tagValue;
  private final PoolGauges gauges;
  private final String tenant;
  // What spans say of the database, built on the first span from the target URL: most
  // deployments record no spans, and a tenant's attributes cost it a few hundred bytes.
  private final String targetUrl;
  private volatile SpanBase spanBase;
  private final long slowAcquireNanos;
  // Durations from System.nanoTime() (for histograms) or from the CoarseClock's milliseconds.
  private final boolean precise;
  private final AtomicBoolean closed = new AtomicBoolean();

  TenantTelemetry(
      Observability owner, MeterGroup group, String tagValue, PoolGauges gauges, String tenant, String targetUrl) {
    this.owner = owner;
    this.group = group;
    this.acquireSuccess = group.acquireSuccess;
    this.usage = group.usage;
    this.tagValue = tagValue;
    this.gauges = gauges;
    this.slowAcquireNanos = owner.slowAcquireThresholdNanos();
    this.precise = owner.preciseDurations();
    this.tenant = tenant;
    this.targetUrl = targetUrl;
  }

  /** The attributes every span of this tenant carries, and the span name of an unknown operation. */
  private record SpanBase(Attributes attributes, String systemName) {}

  private SpanBase spanBase() {
    SpanBase base = spanBase;
    if (base == null) {
      // Racy on purpose: two threads may both build it, and build the same.
      base = buildSpanBase(tenant, TargetAddress.parse(targetUrl));
      spanBase = base;
    }
    return base;
  }

  private static SpanBase buildSpanBase(String tenant, TargetAddress target) {
    // Only what TargetAddress knows to be safe: never a URL's parameters or user info.
    String systemName = known(target.system()) ? target.system() : "other_sql";
    AttributesBuilder attributes = Attributes.builder().put(DB_SYSTEM_NAME, systemName).put(TENANT, tenant);
    if (known(target.database())) {
      attributes.put(DB_NAMESPACE, target.database());
    }
    String address = target.address();
    if (address != null) {
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1); // an IPv6 literal is recorded bare
      }
      attributes.put(SERVER_ADDRESS, address);
    }
    if (target.port() > 0) {
      attributes.put(SERVER_PORT, (long) target.port());
    }
    return new SpanBase(attributes.build(), systemName);
  }

  private static boolean known(String part) {
    return part != null && !part.equals(TargetAddress.UNKNOWN);
  }

  /**
   * A reading of the clock durations are measured with: {@link System#nanoTime()} when timers
   * publish histograms, the {@link CoarseClock}'s milliseconds otherwise (a field read instead
   * of a clock read, on every borrow, close and statement).
   */
  public long now() {
    return precise ? System.nanoTime() : CoarseClock.millis();
  }

  /** Nanoseconds between two readings of {@link #now()}. */
  public long nanosBetween(long start, long end) {
    return precise ? end - start : (end - start) * 1_000_000L;
  }

  /** The {@link System#nanoTime()} value a reading of {@link #now()} stands for, for deadlines. */
  public long nanoTimeOf(long reading) {
    return precise ? reading : CoarseClock.nanoTimeOf(reading);
  }

  /** A connection was lent after {@code nanos}; slow ones also get a span that shows the wait. */
  public void acquired(long nanos) {
    acquireSuccess.record(nanos);
    if (slowAcquireNanos > 0 && nanos > slowAcquireNanos) {
      acquisitionSpan(nanos, null);
    }
  }

  /**
   * A {@code getConnection} ended without a connection after {@code nanos}. One that waited past
   * the slow-acquisition threshold (a pool timeout, typically) gets a failed span too.
   */
  public void acquireFailed(AcquireOutcome outcome, long nanos) {
    group.acquire(outcome).record(nanos);
    if (slowAcquireNanos > 0 && nanos > slowAcquireNanos) {
      acquisitionSpan(nanos, outcome);
    }
  }

  private void acquisitionSpan(long nanos, AcquireOutcome failure) {
    Tracer tracer = owner.tracer();
    if (tracer == null) {
      return;
    }
    // The wait is over when we learn of it: the span is written after the fact, ending now.
    long endEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    Span span = tracer.spanBuilder(ACQUIRE_SPAN).setSpanKind(SpanKind.INTERNAL)
        .setAllAttributes(spanBase().attributes())
        .setAttribute(ACQUIRE_OUTCOME, failure == null ? AcquireOutcome.SUCCESS.tag() : failure.tag())
        .setStartTimestamp(endEpochNanos - nanos, TimeUnit.NANOSECONDS).startSpan();
    if (failure != null) {
      span.setAttribute(ERROR_TYPE, failure.tag());
      span.setStatus(StatusCode.ERROR);
    }
    span.end(endEpochNanos, TimeUnit.NANOSECONDS);
  }

  /** A {@code getConnection} was refused by the open circuit. */
  public void circuitRejected() {
    group.circuitRejected().increment();
  }

  /** A connection was returned after a lease of {@code nanos}. */
  public void released(long nanos) {
    usage.record(nanos);
  }

  /**
   * Starts the span of one statement execution, or returns null, without allocating, when tracing
   * is off or no OpenTelemetry is installed.
   *
   * @param sql the statement's SQL; recorded as {@code db.query.text} with its literals replaced
   *     by {@code ?} (bound values are never seen here at all)
   */
  public StatementTrace startStatement(Operation operation, String sql) {
    Tracer tracer = owner.tracer();
    if (tracer == null) {
      return null;
    }
    SpanBuilder builder = tracer.spanBuilder(operation == Operation.OTHER ? spanBase().systemName() : operation.name());
    if (operation != Operation.OTHER) {
      builder.setAttribute(DB_OPERATION_NAME, operation.name());
    }
    return start(builder, sql);
  }

  /**
   * Starts the span of an {@code executeBatch}, or returns null when tracing is off. A batch of
   * one statement is traced as that statement, as the semantic conventions ask.
   *
   * @param operation the operation all the batch's statements share, or {@link Operation#OTHER}
   *     when they differ
   * @param sql the SQL all the batch's statements share, or null when they differ
   * @param size the number of statements in the batch
   */
  public StatementTrace startBatch(Operation operation, String sql, int size) {
    if (size == 1) {
      return startStatement(operation, sql);
    }
    Tracer tracer = owner.tracer();
    if (tracer == null) {
      return null;
    }
    SpanBuilder builder = tracer.spanBuilder(operation.batchName())
        .setAttribute(DB_OPERATION_NAME, operation.batchName())
        .setAttribute(DB_BATCH_SIZE, (long) size);
    return start(builder, sql);
  }

  private StatementTrace start(SpanBuilder builder, String sql) {
    builder.setSpanKind(SpanKind.CLIENT).setAllAttributes(spanBase().attributes());
    if (sql != null) {
      builder.setAttribute(DB_QUERY_TEXT, SqlSanitizer.sanitize(sql));
    }
    return new StatementTrace(builder.startSpan());
  }

  /**
   * A statement started at {@code start} (a reading of {@link #now()}) succeeded: records its
   * duration and ends its span when there is one.
   */
  public void statementSucceeded(Operation operation, long start, StatementTrace trace) {
    group.statementDuration(operation).record(nanosBetween(start, now()));
    if (trace != null) {
      trace.scope.close();
      trace.span.end();
    }
  }

  /**
   * A statement started at {@code start} failed with {@code failure}: records its duration and
   * the failure, and ends its span, marked failed, when there is one.
   */
  public void statementFailed(Operation operation, long start, StatementTrace trace, Throwable failure) {
    group.statementDuration(operation).record(nanosBetween(start, now()));
    group.statementErrors(operation).increment();
    if (trace != null) {
      trace.scope.close();
      Span span = trace.span;
      failed(span, failure);
      span.end();
    }
  }

  /**
   * Marks {@code span} failed. The exception is recorded as the semantic conventions'
   * {@code exception} event, but with a sanitized message and a stack trace of frames only: a
   * database's messages quote the values that failed ("Key (email)=(ann@example.com) already
   * exists"), and no value may reach a span.
   */
  private static void failed(Span span, Throwable failure) {
    String state = failure instanceof SQLException ? ((SQLException) failure).getSQLState() : null;
    if (state != null) {
      span.setAttribute(DB_RESPONSE_STATUS_CODE, state);
    }
    span.setAttribute(ERROR_TYPE, state != null ? state : failure.getClass().getName());
    AttributesBuilder event = Attributes.builder().put(EXCEPTION_TYPE, failure.getClass().getName());
    String message = ErrorText.message(failure);
    if (message != null) {
      event.put(EXCEPTION_MESSAGE, message);
    }
    event.put(EXCEPTION_STACKTRACE, ErrorText.stackTrace(failure));
    span.addEvent("exception", event.build());
    span.setStatus(StatusCode.ERROR);
  }

  /** The tenant's circuit moved. */
  public void transition(CircuitState from, CircuitState to) {
    group.transitions(from.name().toLowerCase(Locale.ROOT), to.name().toLowerCase(Locale.ROOT)).increment();
  }

  /** The tenant's pool was created (first connection included) in {@code nanos}. */
  public void poolCreated(long nanos) {
    group.poolCreation.record(nanos);
  }

  /**
   * The tenant's pool was retired and closed while the tenant is still remembered (its breaker is
   * failing): the retirement is counted, the tenant's meters stay.
   */
  public void poolRetired(String reason) {
    owner.poolRetired(reason);
  }

  /**
   * The tenant is forgotten (its pool closed, or the data source closing); its meters go with the
   * last tenant of their group. Idempotent.
   *
   * @param retirementReason why its pool was retired ({@code idle}, {@code explicit}, {@code maxPools},
   *     {@code catalog}), or null when it was not (the data source is closing, or it never had a pool)
   */
  public void close(String retirementReason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (retirementReason != null) {
      owner.poolRetired(retirementReason);
    }
    owner.leave(tagValue, group, gauges);
  }
}
