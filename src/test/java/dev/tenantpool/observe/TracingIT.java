package dev.tenantpool.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Statement spans against the real PostgreSQL, exported to the OpenTelemetry SDK's in-memory exporter. */
class TracingIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final List<String> TENANTS = DB.tenants("obst", 1);
  private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  private static final AttributeKey<String> DB_STATUS = AttributeKey.stringKey("db.response.status_code");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenantpool.tenant");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();

  @AfterEach
  void closeSdk() {
    openTelemetry.close();
  }

  private TenantPoolDataSource dataSource(String... properties) {
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("obst_{tenant}"))
        .username(DB.user()).password(DB.password())
        .meterRegistry(new SimpleMeterRegistry())
        .openTelemetry(openTelemetry);
    for (int i = 0; i < properties.length; i += 2) {
      builder.property(properties[i], properties[i + 1]);
    }
    return builder.build();
  }

  private List<SpanData> clientSpans() {
    List<SpanData> client = new ArrayList<>();
    for (SpanData span : exporter.getFinishedSpanItems()) {
      if (span.getKind() == SpanKind.CLIENT) {
        client.add(span);
      }
    }
    return client;
  }

  @Test
  void eachStatementIsAClientSpanWithTheDatabaseConventionsUnderTheCallersSpan() throws Exception {
    try (TenantPoolDataSource ds = dataSource(); Connection c = ds.getConnection("t0")) {
      Span parent = openTelemetry.getTracer("test").spanBuilder("request").startSpan();
      try (Scope scope = parent.makeCurrent(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM tenant_info WHERE name = 't0'")) {
        assertThat(rs.next()).isTrue();
        assertThat(Span.current()).as("the statement's scope was closed").isSameAs(parent);
      } finally {
        parent.end();
      }
      assertThat(clientSpans()).singleElement().satisfies(span -> {
        assertThat(span.getName()).isEqualTo("SELECT");
        assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
        assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        Attributes attributes = span.getAttributes();
        assertThat(attributes.get(DB_SYSTEM_NAME)).isEqualTo("postgresql");
        assertThat(attributes.get(DB_NAMESPACE)).isEqualTo("obst_t0");
        assertThat(attributes.get(DB_OPERATION_NAME)).isEqualTo("SELECT");
        assertThat(attributes.get(DB_QUERY_TEXT)).isEqualTo("SELECT name FROM tenant_info WHERE name = ?");
        assertThat(attributes.get(SERVER_ADDRESS)).isEqualTo(DB.host());
        assertThat(attributes.get(SERVER_PORT)).isEqualTo((long) DB.port());
        assertThat(attributes.get(TENANT)).isEqualTo("t0");
        assertThat(attributes.get(DB_BATCH_SIZE)).isNull();
        assertThat(attributes.get(ERROR_TYPE)).isNull();
      });
    }
  }

  @Test
  void noLiteralOrBoundValueReachesASpan() throws Exception {
    String tricky = "SELECT 'it''s s3cr3t-1' AS a, E'tab\\ts3cr3t-2\\'' AS b, $$s3cr3t-3$$ AS c,"
        + " $q1$ s3cr3t-4 $$ $q1$ AS d, 4242424 AS e, 1.5e-3 AS f, 0x2a AS g /* s3cr3t-5 /* nested */ */,"
        + " c1 -- s3cr3t-6\n FROM (SELECT 7 AS c1) t9 WHERE 'x' <> 's3cr3t-7'";
    try (TenantPoolDataSource ds = dataSource(); Connection c = ds.getConnection("t0")) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(tricky)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("c")).isEqualTo("s3cr3t-3"); // the SQL really ran
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE secrets (v text PRIMARY KEY, n int)");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO secrets VALUES (?, ?)")) {
        p.setString(1, "s3cr3t-8");
        p.setInt(2, 4242424);
        p.executeUpdate();
        // The same key again: PostgreSQL's error quotes it ("Key (v)=(s3cr3t-8) already exists").
        assertThatThrownBy(p::executeUpdate).isInstanceOf(SQLException.class)
            .hasMessageContaining("s3cr3t-8");
      }
      try (PreparedStatement p = c.prepareStatement("SELECT n FROM secrets WHERE v = 's3cr3t-9' OR v = ?")) {
        p.setString(1, "s3cr3t-10");
        p.executeQuery().close();
      }
    }
    List<SpanData> spans = clientSpans();
    assertThat(spans).hasSize(5);
    assertThat(spans.get(0).getAttributes().get(DB_QUERY_TEXT)).isEqualTo(
        "SELECT ? AS a, ? AS b, ? AS c, ? AS d, ? AS e, ? AS f, ? AS g  , c1 \n FROM (SELECT ? AS c1) t9 WHERE ? <> ?");
    assertThat(spans.get(2).getAttributes().get(DB_QUERY_TEXT)).isEqualTo("INSERT INTO secrets VALUES (?, ?)");
    assertThat(spans.get(4).getAttributes().get(DB_QUERY_TEXT)).isEqualTo("SELECT n FROM secrets WHERE v = ? OR v = ?");
    for (SpanData span : exporter.getFinishedSpanItems()) {
      assertThat(everything(span)).as(span.getName()).doesNotContain("s3cr3t").doesNotContain("4242424");
    }
  }

  /** Every string a span carries: name, attribute values, event names and attribute values. */
  private static String everything(SpanData span) {
    StringBuilder all = new StringBuilder(span.getName()).append('\n');
    span.getAttributes().forEach((key, value) -> all.append(key).append('=').append(value).append('\n'));
    for (EventData event : span.getEvents()) {
      all.append(event.getName()).append('\n');
      event.getAttributes().forEach((key, value) -> all.append(key).append('=').append(value).append('\n'));
    }
    all.append(span.getStatus().getDescription());
    return all.toString();
  }

  @Test
  void aFailedStatementCarriesItsErrorTypeAndASanitizedException() throws Exception {
    try (TenantPoolDataSource ds = dataSource(); Connection c = ds.getConnection("t0"); Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE unique_names (v text PRIMARY KEY)");
      s.execute("INSERT INTO unique_names VALUES ('ann@example.com')");
      assertThatThrownBy(() -> s.execute("INSERT INTO unique_names VALUES ('ann@example.com')"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> s.executeQuery("SELEC 1")).isInstanceOf(SQLException.class);
    }
    List<SpanData> spans = clientSpans();
    SpanData duplicate = spans.get(2);
    assertThat(duplicate.getName()).isEqualTo("INSERT");
    assertThat(duplicate.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(duplicate.getAttributes().get(ERROR_TYPE)).isEqualTo("23505");
    assertThat(duplicate.getAttributes().get(DB_STATUS)).isEqualTo("23505");
    assertThat(duplicate.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
          .isEqualTo("org.postgresql.util.PSQLException");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
          .isEqualTo("ERROR: duplicate key value violates unique constraint ?");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
          .startsWith("org.postgresql.util.PSQLException\n\tat ");
    });
    assertThat(everything(duplicate)).doesNotContain("ann@example.com");
    SpanData syntax = spans.get(3);
    assertThat(syntax.getName()).isEqualTo("postgresql"); // no known operation: the system names the span
    assertThat(syntax.getAttributes().get(DB_OPERATION_NAME)).isNull();
    assertThat(syntax.getAttributes().get(ERROR_TYPE)).isEqualTo("42601");
  }

  @Test
  void batchesAreNamedAndSizedPerTheConventions() throws Exception {
    try (TenantPoolDataSource ds = dataSource(); Connection c = ds.getConnection("t0")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TEMP TABLE items (v int)");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO items VALUES (?)")) {
        for (int i = 0; i < 3; i++) {
          p.setInt(1, i);
          p.addBatch();
        }
        p.executeBatch();
        p.setInt(1, 9);
        p.addBatch();
        p.executeBatch(); // a batch of one is one operation
      }
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO items VALUES (5)");
        s.addBatch("DELETE FROM items WHERE v = 5");
        s.executeBatch();
      }
    }
    List<SpanData> spans = clientSpans();
    assertThat(spans).extracting(SpanData::getName).containsExactly("CREATE", "BATCH INSERT", "INSERT", "BATCH");
    assertThat(spans.get(1).getAttributes().get(DB_OPERATION_NAME)).isEqualTo("BATCH INSERT");
    assertThat(spans.get(1).getAttributes().get(DB_BATCH_SIZE)).isEqualTo(3L);
    assertThat(spans.get(1).getAttributes().get(DB_QUERY_TEXT)).isEqualTo("INSERT INTO items VALUES (?)");
    assertThat(spans.get(2).getAttributes().get(DB_BATCH_SIZE)).isNull();
    assertThat(spans.get(2).getAttributes().get(DB_OPERATION_NAME)).isEqualTo("INSERT");
    assertThat(spans.get(3).getAttributes().get(DB_OPERATION_NAME)).isEqualTo("BATCH");
    assertThat(spans.get(3).getAttributes().get(DB_BATCH_SIZE)).isEqualTo(2L);
    assertThat(spans.get(3).getAttributes().get(DB_QUERY_TEXT)).isNull();
  }

  @Test
  void tracingOffProducesNoSpan() throws Exception {
    try (TenantPoolDataSource ds = dataSource("tenantpool.tracing", "false", "tenantpool.tracing.slowAcquireThreshold", "1");
        Connection c = ds.getConnection("t0"); Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
      s.addBatch("SELECT 1");
      s.executeBatch();
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aSlowAcquisitionShowsItsWaitAsASpanUnderTheCaller() throws Exception {
    String[] parentSpanId = new String[1];
    try (TenantPoolDataSource ds = dataSource(
        "tenantpool.maximumPoolSize", "1",
        "tenantpool.tracing.slowAcquireThreshold", "100",
        "tenantpool.connectionTimeout", "1000",
        "tenantpool.validationTimeout", "250")) {
      ds.getConnection("t0").close(); // the pool exists: what follows is waiting, not creating
      exporter.reset();
      CountDownLatch borrowed = new CountDownLatch(1);
      Thread holder = new Thread(() -> {
        try (Connection held = ds.getConnection("t0")) {
          borrowed.countDown();
          Thread.sleep(400);
        } catch (SQLException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      holder.start();
      assertThat(borrowed.await(5, TimeUnit.SECONDS)).isTrue();
      Span parent = openTelemetry.getTracer("test").spanBuilder("request").startSpan();
      parentSpanId[0] = parent.getSpanContext().getSpanId();
      try (Scope scope = parent.makeCurrent(); Connection c = ds.getConnection("t0")) {
        assertThat(c.isValid(1)).isTrue();
      } finally {
        parent.end();
      }
      holder.join();
      // Held for good: the wait ends in a timeout, which gets a failed span.
      Connection held = ds.getConnection("t0");
      assertThatThrownBy(() -> ds.getConnection("t0")).isInstanceOf(SQLException.class);
      held.close();
    }
    List<SpanData> acquisitions = new ArrayList<>();
    for (SpanData span : exporter.getFinishedSpanItems()) {
      if (span.getName().equals("tenantpool.acquire")) {
        acquisitions.add(span);
      }
    }
    assertThat(acquisitions).hasSize(2);
    SpanData waited = acquisitions.get(0);
    assertThat(waited.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(waited.getAttributes().get(TENANT)).isEqualTo("t0");
    assertThat(waited.getEndEpochNanos() - waited.getStartEpochNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(waited.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(waited.getParentSpanId()).isEqualTo(parentSpanId[0]);
    SpanData timedOut = acquisitions.get(1);
    assertThat(timedOut.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(timedOut.getAttributes().get(ERROR_TYPE)).isEqualTo("timeout");
    assertThat(timedOut.getEndEpochNanos() - timedOut.getStartEpochNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
  }
}
