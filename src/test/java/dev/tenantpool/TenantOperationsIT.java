package dev.tenantpool;

import static dev.tenantpool.ShortOutages.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.DatabaseFaults;
import dev.tenantpool.testing.TenantProxies;
import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operations of issue 3 beyond the breaker: pause/resume, evict, health and listeners. */
class TenantOperationsIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final DatabaseFaults FAULTS = new DatabaseFaults(DB);
  private static final long CONNECTION_TIMEOUT_MS = 1_000;

  private TenantProxies proxies;
  private TenantPoolDataSource dataSource;

  @BeforeAll
  static void createTenants() {
    DB.tenants("ops", 3);
  }

  @BeforeEach
  void open() {
    proxies = new TenantProxies(DB, "ops");
    dataSource = ShortOutages.dataSource(DB, "ops")
        .property("tenantpool.connectionTimeout", Long.toString(CONNECTION_TIMEOUT_MS))
        .build();
  }

  @AfterEach
  void close() {
    dataSource.close();
    proxies.close();
  }

  private CompletableFuture<String> useLater(String tenant) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return use(dataSource, tenant);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aPausedTenantsNewCallsWaitThenFailWithTp005WhileInFlightWorkFinishes() throws Exception {
    try (Connection inFlight = dataSource.getConnection("t0")) {
      dataSource.pause("t0");

      long start = System.nanoTime();
      assertThatThrownBy(() -> dataSource.getConnection("t0"))
          .isInstanceOf(java.sql.SQLTransientConnectionException.class)
          .hasMessageContaining("tenant t0 is paused")
          .hasMessageContaining("resume(\"t0\")")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("TP005");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(CONNECTION_TIMEOUT_MS - 50);

      // Work leased before the pause carries on; other tenants are not paused.
      assertThat(inFlight.isValid(1)).isTrue();
      assertThat(use(dataSource, "t1")).isEqualTo("t1");
      assertThat(dataSource.health("t0").paused()).isTrue();
      assertThat(dataSource.health("t0").healthy()).isFalse();
    }
    // A pause is no failure of the database.
    assertThat(dataSource.circuitState("t0")).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aTenantPausedBeforeItsFirstUseOpensNoConnectionUntilResumed() throws Exception {
    dataSource.pause("t1");
    CompletableFuture<String> waiting = useLater("t1");
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(waiting).isNotDone();
    assertThat(dataSource.tenants()).as("no pool, so no connection, during maintenance").doesNotContain("t1");

    dataSource.resume("t1");
    assertThat(waiting.get(CONNECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isEqualTo("t1");
  }

  @Test
  void resumeLetsWaitingCallsProceed() throws Exception {
    use(dataSource, "t0");
    dataSource.pause("t0");
    CompletableFuture<String> waiting = useLater("t0");
    TimeUnit.MILLISECONDS.sleep(300);
    assertThat(waiting).isNotDone();

    dataSource.resume("t0");
    assertThat(waiting.get(CONNECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isEqualTo("t0");
    assertThat(use(dataSource, "t0")).isEqualTo("t0");
    assertThat(dataSource.health("t0").paused()).isFalse();
  }

  @Test
  void evictClosesTheTenantsPoolAndItsBackendsAndTheNextCallCreatesItAgain() throws Exception {
    use(dataSource, "t0");
    use(dataSource, "t1");
    assertThat(FAULTS.backends("ops_t0")).isPositive();

    assertThat(dataSource.evict("t0")).isTrue();

    assertThat(dataSource.tenants()).containsExactly("t1");
    assertThat(FAULTS.awaitBackends("ops_t0", 0, Duration.ofSeconds(5))).isZero();
    assertThat(dataSource.evict("t0")).isFalse();
    assertThat(use(dataSource, "t0")).isEqualTo("t0");
    assertThat(dataSource.tenants()).containsExactly("t0", "t1");
  }

  @Test
  void healthListsEveryPooledTenantWithoutProbing() throws Exception {
    use(dataSource, "t0");
    try (Connection leased = dataSource.getConnection("t1")) {
      List<TenantHealth> all = dataSource.health();

      assertThat(all).extracting(TenantHealth::tenant).containsExactly("t0", "t1");
      assertThat(all).allSatisfy(h -> {
        assertThat(h.probeOk()).isNull();
        assertThat(h.probeMillis()).isZero();
        assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(h.lastError()).isNull();
        assertThat(h.healthy()).isTrue();
      });
      assertThat(all.get(1).active()).isEqualTo(1);
      assertThat(all.get(0).active()).isZero();
      assertThat(all.get(0).total()).isEqualTo(all.get(0).idle());
    }
  }

  @Test
  void healthOfATenantProbesItsDatabase() throws Exception {
    TenantHealth healthy = dataSource.health("t0");
    assertThat(healthy.probeOk()).isTrue();
    assertThat(healthy.healthy()).isTrue();
    assertThat(healthy.total()).isPositive();

    proxies.of("t2");
    use(dataSource, "t2");
    proxies.of("t2").blackhole();
    TimeUnit.MILLISECONDS.sleep(600); // past HikariCP's window in which idle connections are lent unchecked

    TenantHealth hanging = dataSource.health("t2");
    assertThat(hanging.probeOk()).isFalse();
    assertThat(hanging.healthy()).isFalse();
    assertThat(hanging.lastError()).contains("TP006").contains("tenant t2");
    assertThat(hanging.lastErrorAt()).isNotNull();
    // The probe is bounded by the pool's timeouts, not by the hanging database.
    assertThat(hanging.probeMillis()).isLessThan(CONNECTION_TIMEOUT_MS + 1_500);
  }

  @Test
  void listenersAddedLaterHearTransitionsAndAFailingOneDisturbsNothing() throws Exception {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    dataSource.addListener(new TenantPoolListener() {
      @Override
      public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
        throw new IllegalStateException("a broken listener");
      }
    });
    dataSource.addListener(new TenantPoolListener() {
      @Override
      public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
        heard.add(tenant + ":" + from + "->" + to);
      }
    });
    proxies.of("t2").refuse();

    List<String> failures = ShortOutages.driveUntilOpen(dataSource, "t2", Duration.ofSeconds(10));

    assertThat(failures).allMatch(state -> state.equals("08001"));
    assertThat(heard).containsExactly("t2:CLOSED->OPEN");
    proxies.of("t2").pass();
    ShortOutages.awaitServing(dataSource, "t2", Duration.ofSeconds(10));
    // Closed by the background probe (OPEN->CLOSED) or by the tenant's own probe calls (via HALF_OPEN).
    assertThat(heard).first().isEqualTo("t2:CLOSED->OPEN");
    assertThat(heard).last().asString().endsWith("->CLOSED");
  }
}
