package dev.tenantpool.benchmarks;

import dev.tenantpool.TenantContext;
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
 * The connection cycle: borrow a connection and close it, on one thread whose
 * {@code TenantContext} names tenant {@code t0}. Variants that route have
 * {@value #LIVE_TENANTS} live tenant pools while they are measured (issue 7's goal is stated
 * for 1,000 live tenants).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ConnectionBenchmark {
  /** Tenant pools open in the routing variants during the measurement. */
  public static final int LIVE_TENANTS = 1_000;

  @Param({"hikari", "tenantpool", "tenantpool-traced", "p6spy", "datasource-proxy", "otel-jdbc", "flexy-pool",
      "routing"})
  public String variant;

  private Subject subject;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    subject = Subject.open(Variant.of(variant), Subject.Target.stub(), Map.of());
    Warmup.openPools(subject, LIVE_TENANTS);
  }

  @TearDown(Level.Trial)
  public void close() {
    subject.close();
  }

  /** The measuring thread works for tenant t0, as a request thread would. */
  @State(Scope.Thread)
  public static class TenantScope {
    private TenantContext.Scope scope;

    @Setup(Level.Trial)
    public void enter() {
      scope = TenantContext.use("t0");
    }

    @TearDown(Level.Trial)
    public void leave() {
      scope.close();
    }
  }

  @Benchmark
  public Connection connectionCycle(TenantScope tenant) throws SQLException {
    Connection connection = subject.connection();
    connection.close();
    return connection;
  }
}
