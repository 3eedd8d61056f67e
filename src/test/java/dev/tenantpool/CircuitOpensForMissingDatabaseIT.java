package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitOpensForMissingDatabaseIT {
  private static final TestDatabase DB = TestDatabase.get();

  @Test
  void aTenantWhoseDatabaseIsMissingFailsFastOnceItsCircuitOpens() throws Exception {
    DB.tenants("cbm", 1);
    List<String> transitions = new ArrayList<>();
    try (TenantPoolDataSource ds = TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("cbm_{tenant}"))
        .username(DB.user()).password(DB.password())
        .property("tenantpool.breaker.minimumCalls", "4")
        .property("tenantpool.breaker.slidingWindowSize", "4")
        .listener(new TenantPoolListener() {
          @Override
          public void onCircuitTransition(String tenant, CircuitState from, CircuitState to) {
            transitions.add(tenant + ":" + from + "->" + to);
          }
        })
        .build()) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> ds.getConnection("ghost"))
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("3D000");
      }
      assertThat(ds.circuitState("ghost")).isEqualTo(CircuitState.OPEN);
      assertThatThrownBy(() -> ds.getConnection("ghost"))
          .isInstanceOf(CircuitOpenException.class)
          .hasMessageContaining("circuit open for tenant ghost")
          .hasMessageContaining("4 of 4 calls failed")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP004");
      assertThat(transitions).containsExactly("ghost:CLOSED->OPEN");
      // A healthy tenant of the same data source is untouched.
      try (Connection c = ds.getConnection("t0")) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(ds.health()).singleElement().satisfies(h -> {
        assertThat(h.tenant()).isEqualTo("t0");
        assertThat(h.circuit()).isEqualTo(CircuitState.CLOSED);
      });
    }
  }
}
