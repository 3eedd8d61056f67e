package dev.tenantpool.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import com.vladmihalcea.flexypool.FlexyPoolDataSource;
import com.vladmihalcea.flexypool.adaptor.HikariCPPoolAdapter;
import com.vladmihalcea.flexypool.config.FlexyPoolConfiguration;
import com.vladmihalcea.flexypool.metric.micrometer.MicrometerMetrics;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.CircuitState;
import dev.tenantpool.TenantPoolDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * One variant, opened over one target: what a benchmark borrows connections from. Variants that
 * route ({@link Variant#routes()}) keep a pool per tenant; the others have one pool, whose
 * database is the template's {@code defaultTenant}.
 */
public abstract class Subject implements AutoCloseable {
  private final Variant variant;

  Subject(Variant variant) {
    this.variant = variant;
  }

  /** The variant this subject measures. */
  public final Variant variant() {
    return variant;
  }

  /** A connection of the tenant the thread's {@code TenantContext} names (or the one pool). */
  public abstract Connection connection() throws SQLException;

  /** A connection of {@code tenant} (single-pool variants ignore it). */
  public abstract Connection connection(String tenant) throws SQLException;

  /** The circuit of {@code tenant}, for variants with breakers; {@code null} otherwise. */
  public CircuitState circuit(String tenant) {
    return null;
  }

  /** Closes the pool of {@code tenant} (routing variants) or does nothing. */
  public void evict(String tenant) {}

  /** Spans recorded so far, for the traced variants; 0 otherwise. */
  public long spans() {
    return 0;
  }

  @Override
  public abstract void close();

  /**
   * Opens {@code variant} over {@code target}.
   *
   * @param tenantPoolOptions extra {@code tenantpool.*} keys for the TenantPool variants
   */
  public static Subject open(Variant variant, Target target, Map<String, String> tenantPoolOptions) {
    switch (variant) {
      case TENANTPOOL:
      case TENANTPOOL_TRACED:
        return new TenantPoolSubject(variant, target, tenantPoolOptions);
      case ROUTING:
        return new RoutingSubject(target);
      default:
        return new SinglePoolSubject(variant, target);
    }
  }

  /** Where connections go: a URL template with {@code {tenant}}, credentials, a borrow timeout. */
  public record Target(String urlTemplate, String user, String password, String defaultTenant,
      long connectionTimeoutMs) {
    /** The stub driver's databases {@code bench_<tenant>}, no credentials, the default timeout. */
    public static Target stub() {
      return stub(PoolShape.CONNECTION_TIMEOUT_MS);
    }

    /** As {@link #stub()} with another borrow timeout. */
    public static Target stub(long connectionTimeoutMs) {
      dev.tenantpool.testing.stub.StubDriver.forBenchmarks();
      return new Target("jdbc:stub:bench_{tenant}", null, null, "t0", connectionTimeoutMs);
    }

    /** The URL of {@code tenant}. */
    public String url(String tenant) {
      return urlTemplate.replace("{tenant}", tenant);
    }
  }

  private static final class TenantPoolSubject extends Subject {
    private final TenantPoolDataSource dataSource;
    private final OpenTelemetrySdk sdk;
    private final DiscardingSpanExporter exporter;

    TenantPoolSubject(Variant variant, Target target, Map<String, String> options) {
      super(variant);
      TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
          .name(variant.key())
          .url("jdbc:tenantpool:" + target.urlTemplate().substring("jdbc:".length()))
          .meterRegistry(new SimpleMeterRegistry());
      if (target.user() != null) {
        builder.username(target.user()).password(target.password());
      }
      PoolShape.tenantPool(builder, target.connectionTimeoutMs());
      options.forEach(builder::property);
      if (variant == Variant.TENANTPOOL_TRACED) {
        exporter = new DiscardingSpanExporter();
        sdk = DiscardingSpanExporter.sdk(exporter);
        builder.openTelemetry(sdk);
      } else {
        // No SDK and no global OpenTelemetry: TenantPool's tracing is on but has nowhere to go.
        exporter = null;
        sdk = null;
      }
      dataSource = builder.build();
    }

    @Override
    public Connection connection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public Connection connection(String tenant) throws SQLException {
      return dataSource.getConnection(tenant);
    }

    @Override
    public CircuitState circuit(String tenant) {
      return dataSource.circuitState(tenant);
    }

    @Override
    public void evict(String tenant) {
      dataSource.evict(tenant);
    }

    @Override
    public long spans() {
      return exporter == null ? 0 : exporter.exported();
    }

    @Override
    public void close() {
      dataSource.close();
      if (sdk != null) {
        sdk.close();
      }
    }
  }

  private static final class RoutingSubject extends Subject {
    private final HandRolledRouting routing;

    RoutingSubject(Target target) {
      super(Variant.ROUTING);
      routing = new HandRolledRouting(target.urlTemplate(), target.user(), target.password(),
          target.connectionTimeoutMs(), true);
    }

    @Override
    public Connection connection() throws SQLException {
      return routing.getConnection();
    }

    @Override
    public Connection connection(String tenant) throws SQLException {
      return routing.getConnection(tenant);
    }

    @Override
    public void evict(String tenant) {
      routing.evict(tenant);
    }

    @Override
    public void close() {
      routing.close();
    }
  }

  /** Bare HikariCP, or a peer wrapping it (above the pool, where TenantPool sits too). */
  private static final class SinglePoolSubject extends Subject {
    private final HikariDataSource pool;
    private final DataSource front;
    private final OpenTelemetrySdk sdk;
    private final DiscardingSpanExporter exporter;
    private final FlexyPoolDataSource<HikariDataSource> flexy;

    SinglePoolSubject(Variant variant, Target target) {
      super(variant);
      pool = new HikariDataSource(PoolShape.hikari(variant.key(), target.url(target.defaultTenant()),
          target.user(), target.password(), target.connectionTimeoutMs(), null));
      OpenTelemetrySdk openTelemetry = null;
      DiscardingSpanExporter spans = null;
      FlexyPoolDataSource<HikariDataSource> flexyPool = null;
      switch (variant) {
        case P6SPY:
          front = new P6DataSource(pool);
          break;
        case DATASOURCE_PROXY:
          front = ProxyDataSourceBuilder.create(pool).name(variant.key()).build();
          break;
        case OTEL_JDBC:
          spans = new DiscardingSpanExporter();
          openTelemetry = DiscardingSpanExporter.sdk(spans);
          front = JdbcTelemetry.create(openTelemetry).wrap(pool);
          break;
        case FLEXY_POOL:
          flexyPool = flexyPool(new FlexyPoolConfiguration.Builder<>(variant.key(), pool, HikariCPPoolAdapter.FACTORY)
              .setMetricsFactory(MicrometerMetrics.FACTORY)
              .setJmxEnabled(false)
              .setJmxAutoStart(false)
              .build());
          flexyPool.start();
          front = flexyPool;
          break;
        case HIKARI:
          front = pool;
          break;
        default:
          throw new IllegalArgumentException(variant + " routes; it is not a single-pool variant");
      }
      this.sdk = openTelemetry;
      this.exporter = spans;
      this.flexy = flexyPool;
    }

    // FlexyPool's constructor takes its (here: no) acquisition strategies as generic varargs.
    @SuppressWarnings("unchecked")
    private static FlexyPoolDataSource<HikariDataSource> flexyPool(FlexyPoolConfiguration<HikariDataSource> config) {
      return new FlexyPoolDataSource<>(config);
    }

    @Override
    public Connection connection() throws SQLException {
      return front.getConnection();
    }

    @Override
    public Connection connection(String tenant) throws SQLException {
      return front.getConnection();
    }

    @Override
    public long spans() {
      return exporter == null ? 0 : exporter.exported();
    }

    @Override
    public void close() {
      if (flexy != null) {
        flexy.stop();
        try {
          flexy.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      pool.close();
      if (sdk != null) {
        sdk.close();
      }
    }
  }
}
