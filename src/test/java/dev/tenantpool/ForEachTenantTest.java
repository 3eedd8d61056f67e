package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** forEachTenant's contract, with work that needs no database. */
class ForEachTenantTest {
  private TenantPoolDataSource dataSource;

  @BeforeEach
  void build() {
    dataSource = TenantPoolDataSource.builder().url("jdbc:tenantpool:postgresql://localhost:1/app_{tenant}").build();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  @Test
  void runsEachDistinctTenantOnceInOrderInsideItsContext() throws Exception {
    List<String> seen = new ArrayList<>();
    dataSource.forEachTenant(List.of("b", "a", "b", "c"), (tenant, tenantDataSource) -> {
      assertThat(TenantContext.current()).contains(tenant);
      assertThat(tenantDataSource.toString()).contains("tenant=" + tenant);
      seen.add(tenant);
    });
    assertThat(seen).containsExactly("b", "a", "c");
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void runsEveryTenantAndThenReportsAllFailuresTogether() {
    List<String> seen = new ArrayList<>();
    TenantWorkException failure = catchThrowableOfType(TenantWorkException.class,
        () -> dataSource.forEachTenant(List.of("a", "b", "c", "d"), (tenant, tenantDataSource) -> {
          seen.add(tenant);
          if (tenant.equals("b")) {
            throw new SQLException("relation \"invoice\" already exists", "42P07");
          }
          if (tenant.equals("d")) {
            throw new IOException("script missing");
          }
        }));
    assertThat(seen).containsExactly("a", "b", "c", "d");
    assertThat(failure.failures()).containsOnlyKeys("b", "d");
    assertThat(failure.succeeded()).containsExactly("a", "c");
    assertThat(failure.skipped()).isEmpty();
    assertThat(failure.getSuppressed()).hasSize(2);
    assertThat(failure.getSuppressed()[0]).isInstanceOf(SQLException.class);
    assertThat(failure.getMessage())
        .startsWith("work failed for 2 of 4 tenants: ")
        .contains("b (SQLException 42P07: relation \"invoice\" already exists)")
        .contains("d (IOException: script missing)");
  }

  @Test
  void stopsBeforeTheNextTenantWhenInterrupted() {
    TenantWorkException failure = catchThrowableOfType(TenantWorkException.class,
        () -> dataSource.forEachTenant(List.of("a", "b", "c"), (tenant, tenantDataSource) -> {
          if (tenant.equals("a")) {
            throw new InterruptedException("shutting down");
          }
        }));
    try {
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(failure.failures()).containsOnlyKeys("a");
      assertThat(failure.skipped()).containsExactly("b", "c");
      assertThat(failure.getMessage()).contains("2 tenants did not run: b, c");
    } finally {
      Thread.interrupted(); // clear the flag for the next test
    }
  }

  @Test
  void refusesABlankTenantBeforeRunningAnyWork() {
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> dataSource.forEachTenant(Arrays.asList("a", " ", "b"), (t, d) -> seen.add(t)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no work was run");
    assertThat(seen).isEmpty();
  }
}
