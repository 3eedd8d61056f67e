package dev.tenantpool.benchmarks;

import dev.tenantpool.TenantContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * A request against a real PostgreSQL (embedded, on this machine): {@value #THREADS} threads each
 * pick a random one of {@value #TENANTS} tenants, open its scope, borrow a connection, run a
 * prepared query with three parameters and read the row. {@code hikari} is bare HikariCP pools,
 * one per tenant database, in a map (no wrapper, no breaker, no metrics).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(EndToEndBenchmark.THREADS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EndToEndBenchmark {
  static final int THREADS = 4;
  static final int TENANTS = 40;
  private static final String QUERY = "SELECT id, name, amount FROM accounts WHERE id = ? AND name = ? AND amount > ?";

  @Param({"hikari", "tenantpool", "tenantpool-traced"})
  public String variant;

  private EmbeddedServer server;
  private Subject subject;
  private String[] tenants;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    server = EmbeddedServer.start("e2e", TENANTS);
    Variant chosen = Variant.of(variant);
    Subject.Target target = new Subject.Target(server.url("e2e_{tenant}"), EmbeddedServer.USER,
        EmbeddedServer.PASSWORD, "t0", PoolShape.CONNECTION_TIMEOUT_MS);
    subject = Subject.open(chosen == Variant.HIKARI ? Variant.ROUTING : chosen, target, Map.of());
    Warmup.openPools(subject, TENANTS, THREADS);
    tenants = new String[TENANTS];
    for (int i = 0; i < TENANTS; i++) {
      tenants[i] = "t" + i;
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    subject.close();
    server.close();
  }

  @Benchmark
  public String request() throws SQLException {
    String tenant = tenants[ThreadLocalRandom.current().nextInt(TENANTS)];
    try (TenantContext.Scope scope = TenantContext.use(tenant);
        Connection connection = subject.connection();
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setInt(1, 1);
      statement.setString(2, tenant);
      statement.setLong(3, 7L);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("tenant " + tenant + " has no account row");
        }
        String name = row.getString(2);
        if (!tenant.equals(name)) {
          throw new IllegalStateException("tenant " + tenant + " reached the database of " + name);
        }
        return name;
      }
    }
  }
}
