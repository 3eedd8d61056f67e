package dev.tenantpool.benchmarks;

import dev.tenantpool.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Statements on a connection held for the whole iteration (HikariCP-benchmark's layout): a plain
 * statement cycle and a prepared-statement cycle that binds three parameters, executes and reads
 * the row. The thread's {@code TenantContext} names the connection's tenant, so TenantPool's
 * tenant guard passes on every execution, as it would in an application.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StatementBenchmark {
  static final String QUERY = "SELECT 1";
  static final String PREPARED = "SELECT id, name, amount FROM accounts WHERE id = ? AND name = ? AND amount > ?";

  @Param({"hikari", "tenantpool", "tenantpool-traced", "p6spy", "datasource-proxy", "otel-jdbc", "flexy-pool",
      "routing"})
  public String variant;

  Subject subject;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    subject = Subject.open(Variant.of(variant), Subject.Target.stub(), Map.of());
    Warmup.openPools(subject, 1);
  }

  @TearDown(Level.Trial)
  public void close() {
    subject.close();
  }

  /** One connection per thread and iteration, borrowed in tenant t0's scope. */
  @State(Scope.Thread)
  public static class Held {
    private TenantContext.Scope scope;
    Connection connection;

    @Setup(Level.Iteration)
    public void borrow(StatementBenchmark benchmark) throws SQLException {
      scope = TenantContext.use("t0");
      connection = benchmark.subject.connection();
    }

    @TearDown(Level.Iteration)
    public void release() throws SQLException {
      connection.close();
      scope.close();
    }
  }

  @Benchmark
  public int statementCycle(Held held) throws SQLException {
    try (Statement statement = held.connection.createStatement();
        ResultSet row = statement.executeQuery(QUERY)) {
      row.next();
      return row.getInt(1);
    }
  }

  @Benchmark
  public long preparedStatementCycle(Held held) throws SQLException {
    try (PreparedStatement statement = held.connection.prepareStatement(PREPARED)) {
      statement.setInt(1, 1);
      statement.setString(2, "t0");
      statement.setLong(3, 7L);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(3);
      }
    }
  }
}
