package dev.tenantpool.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.CircuitOpenException;
import dev.tenantpool.TenantContext;
import dev.tenantpool.testing.stub.StubConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every variant and benchmark body runs once on the stub: what `verify` checks without timing anything. */
class VariantsTest {

  @ParameterizedTest
  @EnumSource(Variant.class)
  void everyVariantRunsEachCycleOnTheStub(Variant variant) throws SQLException {
    StatementBenchmark benchmark = new StatementBenchmark();
    benchmark.variant = variant.key();
    benchmark.open();
    StatementBenchmark.Held held = new StatementBenchmark.Held();
    try {
      held.borrow(benchmark);
      assertThat(held.connection.unwrap(StubConnection.class).database().name()).isEqualTo("bench_t0");
      assertThat(benchmark.statementCycle(held)).isEqualTo(1);
      assertThat(benchmark.preparedStatementCycle(held)).isEqualTo(42);
      held.release();
      if (variant == Variant.TENANTPOOL_TRACED || variant == Variant.OTEL_JDBC) {
        assertThat(benchmark.subject.spans()).isPositive();
      }
    } finally {
      benchmark.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenantpool", "routing"})
  void routingVariantsReachEachTenantsOwnDatabase(String variant) throws SQLException {
    try (Subject subject = Subject.open(Variant.of(variant), Subject.Target.stub(), Map.of())) {
      Warmup.openPools(subject, 3);
      try (TenantContext.Scope scope = TenantContext.use("t2"); Connection connection = subject.connection()) {
        assertThat(connection.unwrap(StubConnection.class).database().name()).isEqualTo("bench_t2");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenantpool", "tenantpool-traced"})
  void anOpenCircuitRefusesAtOnce(String variant) throws SQLException {
    FailFastBenchmark benchmark = new FailFastBenchmark();
    benchmark.variant = variant;
    benchmark.open();
    try {
      Throwable refused = benchmark.failedGetConnection();
      assertThat(refused).isInstanceOf(CircuitOpenException.class);
    } finally {
      benchmark.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hikari", "tenantpool"})
  void poolCreationMakesANewPoolEachIteration(String variant) throws SQLException {
    PoolCreationBenchmark benchmark = new PoolCreationBenchmark();
    benchmark.variant = variant;
    benchmark.open();
    try {
      for (int i = 0; i < 2; i++) {
        benchmark.nextTenant();
        Connection connection = benchmark.firstConnection();
        assertThat(connection.unwrap(StubConnection.class).database().name()).isEqualTo("bench_new" + i);
        benchmark.dropTenant();
      }
    } finally {
      benchmark.close();
    }
  }
}
