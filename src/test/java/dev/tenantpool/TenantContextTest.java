package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void closingAScopeOnAnotherThreadIsRefusedAndChangesNothingOnEitherThread() throws Exception {
    String owner = Thread.currentThread().getName();
    String workerName = worker.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
    worker.submit(() -> {
      TenantContext.use("worker-own"); // the worker's own context, which the close must not touch
    }).get(10, TimeUnit.SECONDS);
    try (TenantContext.Scope outer = TenantContext.use("globex")) {
      TenantContext.Scope scope = TenantContext.use("acme");
      AtomicReference<Throwable> refused = new AtomicReference<>();
      worker.submit(() -> {
        try {
          scope.close();
        } catch (Throwable e) {
          refused.set(e);
        }
      }).get(10, TimeUnit.SECONDS);

      assertThat(refused.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"acme\"")
          .hasMessageContaining("\"" + owner + "\"")
          .hasMessageContaining("\"" + workerName + "\"");
      assertThat(TenantContext.current()).as("owner thread").contains("acme");
      assertThat(onWorker()).as("closing thread").contains("worker-own");

      // Still open, so its owner closes it as usual.
      scope.close();
      assertThat(TenantContext.current()).contains("globex");
    }
    // A scope stays its thread's after it is closed, so the answer never depends on timing.
    TenantContext.Scope closed = TenantContext.use("acme");
    closed.close();
    assertThatThrownBy(() -> worker.submit(closed::close).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(onWorker()).contains("worker-own");
  }

  @Test
  void scopesClosedOnAnotherThreadWhileTheirOwnerUsesThemAreRefusedEveryTime() throws Exception {
    int rounds = 2_000;
    CyclicBarrier barrier = new CyclicBarrier(2);
    AtomicReference<TenantContext.Scope> handedOver = new AtomicReference<>();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> owner = threads.submit(() -> {
        for (int i = 0; i < rounds; i++) {
          try (TenantContext.Scope outer = TenantContext.use("outer-" + i)) {
            TenantContext.Scope scope = TenantContext.use("tenant-" + i);
            handedOver.set(scope);
            barrier.await(10, TimeUnit.SECONDS);
            // The closer tries to close the scope now; the owner keeps reading its context.
            for (int read = 0; read < 100; read++) {
              if (!("tenant-" + i).equals(TenantContext.currentOrNull())) {
                problems.add("round " + i + ": owner saw " + TenantContext.currentOrNull());
              }
            }
            barrier.await(10, TimeUnit.SECONDS);
            if (!("tenant-" + i).equals(TenantContext.currentOrNull())) {
              problems.add("round " + i + ": owner left with " + TenantContext.currentOrNull());
            }
            scope.close();
          }
          if (TenantContext.currentOrNull() != null) {
            problems.add("round " + i + ": owner kept " + TenantContext.currentOrNull());
          }
        }
        return null;
      });
      Future<?> closer = threads.submit(() -> {
        try (TenantContext.Scope own = TenantContext.use("closer")) {
          for (int i = 0; i < rounds; i++) {
            barrier.await(10, TimeUnit.SECONDS);
            try {
              handedOver.get().close();
              problems.add("round " + i + ": close on another thread was allowed");
            } catch (IllegalStateException expected) {
              // refused, as it must be
            }
            if (!"closer".equals(TenantContext.currentOrNull())) {
              problems.add("round " + i + ": closer switched to " + TenantContext.currentOrNull());
            }
            barrier.await(10, TimeUnit.SECONDS);
          }
        }
        return null;
      });
      owner.get(60, TimeUnit.SECONDS);
      closer.get(60, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void closingAnOuterScopeFirstClosesTheScopesInsideItAndRestoresWhatWasCurrentBeforeIt() {
    try (TenantContext.Scope base = TenantContext.use("base")) {
      TenantContext.Scope outer = TenantContext.use("acme");
      TenantContext.Scope middle = TenantContext.use("globex");
      TenantContext.Scope inner = TenantContext.use("initech");

      assertThatThrownBy(outer::close)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the scope of tenant \"acme\"")
          .hasMessageContaining("tenants \"initech\", \"globex\"")
          .hasMessageContaining("restored tenant \"base\"");
      assertThat(TenantContext.current()).contains("base");

      // The scopes it closed stay closed: their own close, in any order, changes nothing.
      middle.close();
      inner.close();
      outer.close();
      assertThat(TenantContext.current()).contains("base");
    }
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void tryWithResourcesClosingInTheWrongOrderLeavesNoTenantBehind() {
    // The shape of the bug: two scopes closed in opening order; the second close used to put the
    // first tenant back, for good.
    TenantContext.Scope first = TenantContext.use("acme");
    TenantContext.Scope second = TenantContext.use("globex");
    assertThatThrownBy(first::close).isInstanceOf(IllegalStateException.class);
    second.close();
    assertThat(TenantContext.current()).isEmpty();
  }

  @Test
  void pooledThreadsRunUnscopedTasksWithNoTenantAfterTasksThatMisusedScopes() throws Exception {
    int rounds = 1_000;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger refusals = new AtomicInteger();
    List<Future<Optional<String>>> unscoped = new ArrayList<>();
    try {
      for (int i = 0; i < rounds; i++) {
        String tenant = "tenant-" + i;
        pool.execute(() -> {
          TenantContext.Scope outer = TenantContext.use(tenant);
          TenantContext.Scope inner = TenantContext.use(tenant + "-inner");
          try {
            outer.close(); // out of order, and the task swallows the complaint
          } catch (IllegalStateException swallowed) {
            refusals.incrementAndGet();
          }
          inner.close();
        });
        pool.execute(() -> {
          try {
            TenantContext.run(tenant, () -> TenantContext.use(tenant + "-leaked"));
          } catch (IllegalStateException swallowed) {
            refusals.incrementAndGet();
          }
        });
        unscoped.add(pool.submit(TenantContext::current));
      }
      List<String> seen = new ArrayList<>();
      for (Future<Optional<String>> task : unscoped) {
        task.get(30, TimeUnit.SECONDS).ifPresent(seen::add);
      }
      assertThat(seen).as("tenants seen by unscoped tasks").isEmpty();
      // The other thread may still be running the last round's misbehaving tasks.
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(refusals).hasValue(2 * rounds);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void runAndCallReportAScopeTheActionLeftOpenAfterRestoringTheTenant() {
    try (TenantContext.Scope scope = TenantContext.use("globex")) {
      assertThatThrownBy(() -> TenantContext.run("acme", () -> TenantContext.use("leaked")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tenant \"leaked\"");
      assertThat(TenantContext.current()).contains("globex");

      assertThatThrownBy(() -> TenantContext.call("acme", () -> TenantContext.use("leaked")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("tenant \"leaked\"");
      assertThat(TenantContext.current()).contains("globex");

      // The action's own failure stays the one thrown; the leak rides along as suppressed.
      assertThatThrownBy(() -> TenantContext.run("acme", () -> {
        TenantContext.use("leaked");
        throw new IllegalArgumentException("boom");
      })).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("boom")
          .satisfies(e -> assertThat(e.getSuppressed())
              .singleElement()
              .isInstanceOf(IllegalStateException.class));
      assertThat(TenantContext.current()).contains("globex");
    }
  }

  @Test
  void wrappedTaskThatMisusesScopesGivesTheWorkerBackItsContextAndSaysSo() throws Exception {
    worker.submit(() -> {
      TenantContext.use("worker-own");
    }).get(10, TimeUnit.SECONDS);
    AtomicReference<String> afterMisuse = new AtomicReference<>();
    Runnable leaks;
    Callable<String> closesOutOfOrder;
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      leaks = TenantContext.wrap(() -> {
        TenantContext.use("leaked");
      });
      closesOutOfOrder = TenantContext.wrap(() -> {
        TenantContext.Scope outer = TenantContext.use("globex");
        TenantContext.Scope inner = TenantContext.use("initech");
        try {
          outer.close();
        } catch (IllegalStateException swallowed) {
          afterMisuse.set(TenantContext.currentOrNull());
        }
        inner.close();
        return TenantContext.currentOrNull();
      });
    }

    assertThatThrownBy(() -> worker.submit(leaks).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the task wrapped for tenant \"acme\"")
        .hasMessageContaining("tenant \"leaked\"")
        .hasMessageContaining("restored tenant \"worker-own\"");
    assertThat(onWorker()).contains("worker-own");

    assertThat(worker.submit(closesOutOfOrder).get(10, TimeUnit.SECONDS)).isEqualTo("acme");
    assertThat(afterMisuse).hasValue("acme");
    assertThat(onWorker()).contains("worker-own");
  }

  @Test
  void wrappedTaskCannotCloseAScopeTheWorkerOpenedBeforeIt() throws Exception {
    TenantContext.Scope workers =
        worker.submit(() -> TenantContext.use("worker-own")).get(10, TimeUnit.SECONDS);
    AtomicReference<Throwable> refused = new AtomicReference<>();
    AtomicReference<String> duringTask = new AtomicReference<>();
    Runnable task;
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      task = TenantContext.wrap(() -> {
        try {
          workers.close();
        } catch (Throwable e) {
          refused.set(e);
        }
        duringTask.set(TenantContext.currentOrNull());
      });
    }
    worker.submit(task).get(10, TimeUnit.SECONDS);

    assertThat(refused.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the scope of tenant \"worker-own\"")
        .hasMessageContaining("close it after the task returns");
    assertThat(duringTask).hasValue("acme");
    assertThat(onWorker()).contains("worker-own");

    // Once the task is done, the worker closes its own scope as usual.
    worker.submit(workers::close).get(10, TimeUnit.SECONDS);
    assertThat(onWorker()).isEmpty();
  }

  @Test
  void readingTheCurrentTenantAllocatesNothing() {
    // currentOrNull runs on every statement (the tenant guard); scopes must not make it allocate.
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int calls = 200_000;
    try (TenantContext.Scope outer = TenantContext.use("acme");
        TenantContext.Scope inner = TenantContext.use("globex")) {
      int seen = read(calls); // warm up: code compiled
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      seen += read(calls);
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertThat(seen).isEqualTo(2 * calls);
      assertThat(allocated).isLessThan(64 * 1024);
    }
  }

  private static int read(int calls) {
    int seen = 0;
    for (int i = 0; i < calls; i++) {
      if (TenantContext.currentOrNull() != null) {
        seen++;
      }
    }
    return seen;
  }
}
