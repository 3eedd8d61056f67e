package dev.tenantpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * The connection cycle across many tenants: each call names the next tenant of a fixed random
 * permutation of {@code tenants} live tenants, so every pool is touched in turn and the routing
 * data cannot all stay in cache. {@code hikari} is one bare pool (the tenant is ignored): the cost
 * of not routing at all, measured at each tenant count as a noise check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RoutingBenchmark {
  @Param({"hikari", "tenantpool", "tenantpool-traced", "routing"})
  public String variant;

  @Param({"1", "1000", "10000"})
  public int tenants;

  private Subject subject;
  private String[] order;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    subject = Subject.open(Variant.of(variant), Subject.Target.stub(), Map.of());
    Warmup.openPools(subject, tenants);
    List<String> ids = IntStream.range(0, tenants).mapToObj(i -> "t" + i).collect(Collectors.toList());
    Collections.shuffle(ids, new Random(7));
    order = ids.toArray(new String[0]);
  }

  @TearDown(Level.Trial)
  public void close() {
    subject.close();
  }

  /** Where this thread is in the permutation. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public Connection routedConnectionCycle(Cursor cursor) throws SQLException {
    int i = cursor.next;
    cursor.next = i + 1 == order.length ? 0 : i + 1;
    Connection connection = subject.connection(order[i]);
    connection.close();
    return connection;
  }
}
