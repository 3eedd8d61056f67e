package dev.tenantpool.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.CircuitState;
import dev.tenantpool.testing.stub.StubDatabase;
import dev.tenantpool.testing.stub.StubDriver;
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
 * What a {@code getConnection} costs while the tenant's database is down. TenantPool's circuit is
 * opened first (connections are refused with SQLState 08001 until the breaker trips; statement
 * failures never count) and kept open for an hour, so each call is refused at once with a
 * {@link CircuitOpenException}. {@code hikari} has no breaker: a pool whose database refuses
 * connections makes each caller wait the connection timeout ({@value #TIMEOUT_MS} ms here, for
 * both) before it fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FailFastBenchmark {
  static final long TIMEOUT_MS = 500;
  private static final String TENANT = "down";
  private static final int MAX_ATTEMPTS_TO_OPEN = 1_000;

  @Param({"hikari", "tenantpool", "tenantpool-traced"})
  public String variant;

  private Subject subject;
  private HikariDataSource bare;
  private StubDatabase database;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    Subject.Target target = Subject.Target.stub(TIMEOUT_MS);
    database = StubDriver.database("bench_" + TENANT);
    database.heal();
    Variant chosen = Variant.of(variant);
    if (chosen == Variant.HIKARI) {
      HikariConfig config = PoolShape.hikari("down", target.url(TENANT), null, null, TIMEOUT_MS, null);
      config.setInitializationFailTimeout(-1); // start without a connection: the database is down
      database.failConnect("08001");
      bare = new HikariDataSource(config);
      return;
    }
    subject = Subject.open(chosen, target, Map.of("tenantpool.breaker.waitInOpen", "3600000"));
    database.failConnect("08001"); // down from the start: the tenant's pool is never created
    for (int attempt = 0; subject.circuit(TENANT) != CircuitState.OPEN; attempt++) {
      if (attempt == MAX_ATTEMPTS_TO_OPEN) {
        throw new IllegalStateException("the circuit of tenant " + TENANT + " did not open after "
            + MAX_ATTEMPTS_TO_OPEN + " refused connections; it is " + subject.circuit(TENANT));
      }
      try (Connection connection = subject.connection(TENANT)) {
        throw new IllegalStateException("the injected fault did not refuse the connection");
      } catch (CircuitOpenException e) {
        break;
      } catch (SQLException expected) {
        // one more failure for the breaker to count
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (subject != null) {
      subject.close();
    }
    if (bare != null) {
      bare.close();
    }
    database.heal();
  }

  @Benchmark
  public SQLException failedGetConnection() {
    try {
      Connection connection = bare != null ? bare.getConnection() : subject.connection(TENANT);
      connection.close();
    } catch (SQLException e) {
      return e;
    }
    throw new IllegalStateException("a connection of tenant " + TENANT + " was handed out while its database is down");
  }
}
