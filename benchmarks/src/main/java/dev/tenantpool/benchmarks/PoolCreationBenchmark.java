package dev.tenantpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The first connection of a tenant never seen before, pool creation included (single shot: one
 * call per iteration, each for a new tenant). Routing variants create the pool inside
 * {@code getConnection}; single-pool variants pay for a new HikariCP pool and their wrapper, which
 * is what adding a tenant means for them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PoolCreationBenchmark {
  @Param({"hikari", "tenantpool", "tenantpool-traced", "p6spy", "datasource-proxy", "otel-jdbc", "flexy-pool",
      "routing"})
  public String variant;

  private Variant chosen;
  private Subject routing;
  private int created;
  private String tenant;
  private Subject single;
  private Connection connection;

  @Setup(Level.Trial)
  public void open() {
    chosen = Variant.of(variant);
    if (chosen.routes()) {
      routing = Subject.open(chosen, Subject.Target.stub(), Map.of());
    }
  }

  @Setup(Level.Iteration)
  public void nextTenant() {
    tenant = "new" + created++;
  }

  @TearDown(Level.Iteration)
  public void dropTenant() throws SQLException {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    if (routing != null) {
      routing.evict(tenant);
    }
    if (single != null) {
      single.close();
      single = null;
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (routing != null) {
      routing.close();
    }
  }

  @Benchmark
  public Connection firstConnection() throws SQLException {
    if (routing != null) {
      connection = routing.connection(tenant);
    } else {
      Subject.Target stub = Subject.Target.stub();
      single = Subject.open(chosen, new Subject.Target(stub.urlTemplate(), null, null, tenant,
          stub.connectionTimeoutMs()), Map.of());
      connection = single.connection();
    }
    return connection;
  }
}
