package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantContextTest {
  private ExecutorService worker;

  @BeforeEach
  void startWorker() {
    worker = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(TenantContext.current()).as("a test left a tenant on the test thread").isEmpty();
  }

  private Optional<String> onWorker() throws Exception {
    return worker.submit(TenantContext::current).get(10, TimeUnit.SECONDS);
  }

  @Test
  void hasNoTenantUntilOneIsUsed() {
    assertThat(TenantContext.current()).isEmpty();
    assertThat(TenantContext.currentOrNull()).isNull();
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      assertThat(TenantContext.current()).contains("acme");
      assertThat(TenantContext.currentOrNull()).isEqualTo("acme");
    }
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void nestedScopesRestoreTheTenantThatWasCurrentWhenTheyOpened() {
    try (TenantContext.Scope outer = TenantContext.use("acme")) {
      try (TenantContext.Scope inner = TenantContext.use("globex")) {
        assertThat(TenantContext.current()).contains("globex");
        try (TenantContext.Scope innermost = TenantContext.use("acme")) {
          assertThat(TenantContext.current()).contains("acme");
        }
        assertThat(TenantContext.current()).contains("globex");
      }
      assertThat(TenantContext.current()).contains("acme");
    }
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void closingAScopeTwiceRestoresOnlyOnce() {
    try (TenantContext.Scope outer = TenantContext.use("acme")) {
      TenantContext.Scope inner = TenantContext.use("globex");
      inner.close();
      try (TenantContext.Scope other = TenantContext.use("initech")) {
        inner.close(); // a second close must not put "acme" back over "initech"
        assertThat(TenantContext.current()).contains("initech");
      }
      assertThat(TenantContext.current()).contains("acme");
    }
  }

  @Test
  void runAndCallSetTheTenantForTheActionAndRestoreItAfterwards() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    TenantContext.run("acme", () -> seen.set(TenantContext.currentOrNull()));
    assertThat(seen).hasValue("acme");
    assertThat(TenantContext.current()).isEmpty();

    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      String result = TenantContext.call("acme", () -> "called for " + TenantContext.currentOrNull());
      assertThat(result).isEqualTo("called for acme");
      assertThat(TenantContext.current()).contains("globex");
    }
  }

  @Test
  void runAndCallRestoreTheTenantWhenTheActionThrows() {
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      assertThatThrownBy(() -> TenantContext.run("acme", () -> {
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(TenantContext.current()).contains("globex");

      assertThatThrownBy(() -> TenantContext.call("acme", () -> {
        throw new java.io.IOException("checked boom");
      })).isInstanceOf(java.io.IOException.class).hasMessage("checked boom");
      assertThat(TenantContext.current()).contains("globex");
    }
  }

  @Test
  void wrappedRunnableCarriesTheTenantToAnotherThreadWithoutLeakingItThere() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Runnable task;
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      task = TenantContext.wrap(() -> seen.set(TenantContext.currentOrNull()));
    }
    // Captured when wrapped, not when run: the scope above is already closed.
    worker.submit(task).get(10, TimeUnit.SECONDS);
    assertThat(seen).hasValue("acme");
    assertThat(onWorker()).as("tenant left on the worker thread").isEmpty();
  }

  @Test
  void wrappedCallableCarriesTheTenantToAnotherThreadWithoutLeakingItThere() throws Exception {
    Callable<String> task;
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      task = TenantContext.wrap(() -> TenantContext.currentOrNull());
    }
    assertThat(worker.submit(task).get(10, TimeUnit.SECONDS)).isEqualTo("globex");
    assertThat(onWorker()).isEmpty();
  }

  @Test
  void wrappedTaskRestoresTheWorkersOwnTenantAfterwards() throws Exception {
    // A worker that (wrongly) holds a tenant of its own gets it back after the wrapped task.
    worker.submit(() -> {
      TenantContext.use("stale");
    }).get(10, TimeUnit.SECONDS);
    Callable<String> task;
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      task = TenantContext.wrap(TenantContext::currentOrNull);
    }
    assertThat(worker.submit(task).get(10, TimeUnit.SECONDS)).isEqualTo("acme");
    assertThat(onWorker()).contains("stale");
  }

  @Test
  void wrappingWithNoTenantClearsAStaleTenantWhileTheTaskRuns() throws Exception {
    worker.submit(() -> {
      TenantContext.use("stale");
    }).get(10, TimeUnit.SECONDS);
    Callable<Optional<String>> task = TenantContext.wrap(TenantContext::current);
    assertThat(worker.submit(task).get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(onWorker()).contains("stale");
  }

  @Test
  void wrappedExecutorRunsEachTaskUnderTheTenantOfItsSubmitter() throws Exception {
    java.util.concurrent.Executor executor = TenantContext.wrap(worker);
    AtomicReference<String> first = new AtomicReference<>();
    AtomicReference<String> second = new AtomicReference<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(2);
    TenantContext.run("acme", () -> executor.execute(() -> {
      first.set(TenantContext.currentOrNull());
      done.countDown();
    }));
    TenantContext.run("globex", () -> executor.execute(() -> {
      second.set(TenantContext.currentOrNull());
      done.countDown();
    }));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first).hasValue("acme");
    assertThat(second).hasValue("globex");
    assertThat(onWorker()).isEmpty();
  }

  @Test
  void contextIsNotInheritedByNewThreads() throws Exception {
    AtomicReference<Optional<String>> seen = new AtomicReference<>();
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      Thread child = new Thread(() -> seen.set(TenantContext.current()));
      child.start();
      child.join(10_000);
    }
    assertThat(seen.get()).isEmpty();
  }

  @Test
  void useRejectsNullAndBlankTenants() {
    for (String bad : new String[] {null, "", " ", "\t\n"}) {
      assertThatThrownBy(() -> TenantContext.use(bad))
          .as("use(%s)", bad == null ? "null" : "\"" + bad + "\"")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant must be a non-blank id");
      assertThatThrownBy(() -> TenantContext.run(bad, () -> { }))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TenantContext.call(bad, () -> "x"))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void wrapRejectsNullActions() {
    assertThatThrownBy(() -> TenantContext.wrap((Runnable) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TenantContext.wrap((Callable<?>) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> TenantContext.wrap((java.util.concurrent.Executor) null))
        .isInstanceOf(NullPointerException.class);
  }

}
