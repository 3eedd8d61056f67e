package dev.tenantpool.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale evidence (issue 4): opens 1, 1,000 and 10,000 tenant pools on the stub driver and reports
 * live threads (before, right after opening, and once the pools' short-lived connection-adder
 * threads have expired), heap per idle pool after a full GC, and the cost of a
 * {@code getConnection} + {@code close} cycling over all tenants.
 *
 * <p>Compared: TenantPool as the benchmarks run it (meters tagged by tenant), TenantPool with
 * {@code tenantpool.metrics.tenantTag=none} (the setting its docs advise for thousands of tenants),
 * and a hand-rolled map of HikariCP pools with HikariCP's defaults (a housekeeping thread per pool).
 *
 * <pre>
 * java -Xmx4g -cp benchmarks.jar dev.tenantpool.benchmarks.ScaleHarness [--quick] [--out scale.json]
 *     [--subjects tenantpool,routing] [1,1000,10000]
 * </pre>
 *
 * <p>{@code benchmarks/run} runs it on the build's JDK and, for the thread figures of virtual
 * helper threads, on a JDK 21 or newer where the machine has one.
 */
public final class ScaleHarness {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  // HikariCP's connection-adder threads expire after 5 s idle; wait a little longer.
  private static final long SETTLE_MS = 6_000;
  // Warm-up is also at least this many cycles: enough for the JIT to compile the whole path and,
  // with 10,000 tenants, for each tenant to be borrowed from more than once.
  private static final long WARMUP_CYCLES = 300_000;

  /** One opened subject: borrow from a tenant, close everything. */
  interface Opened extends AutoCloseable {
    Connection connection(String tenant) throws SQLException;

    @Override
    void close();
  }

  /** One measured subject and count; written to {@code --out} as JSON, field by field. */
  record Row(String subject, int java, int tenants, long openMillis, int threadsBefore, int threadsPeak,
      int threadsSettled, long heapPerPoolBytes, double getConnectionNanos, double getConnectionCpuNanos,
      double bytesPerCycle, Double coldBytesPerCycle) {}

  /** One measured stretch of borrow + close cycles: wall time, this thread's CPU time, its allocation. */
  record Cycles(double wallNanos, double cpuNanos, double bytes) {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path out = null;
    int[] counts = {1, 1_000, 10_000};
    List<String> subjects = List.of("tenantpool", "tenantpool (tenantTag=none)", "routing (HikariCP defaults)");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--subjects" -> {
          List<String> wanted = Arrays.asList(args[++i].split(","));
          // Exact names, or "routing" for the hand-rolled map.
          subjects = subjects.stream()
              .filter(s -> wanted.contains(s) || (s.startsWith("routing") && wanted.contains("routing"))).toList();
        }
        default -> counts = Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray();
      }
    }
    long warmupMs = quick ? 300 : 1_000;
    long measureMs = quick ? 700 : 3_000;
    List<Row> rows = new ArrayList<>();
    for (String subject : subjects) {
      for (int count : counts) {
        Row row = measure(subject, count, warmupMs, measureMs);
        rows.add(row);
        System.out.printf(Locale.ROOT, "%-30s JDK %d %,7d tenants: opened in %,d ms, threads %d -> %d -> %d,"
                + " %,d B/idle pool, getConnection %.0f ns (CPU %.0f ns, %.0f B; cold tenants %s)%n", row.subject(),
            row.java(), row.tenants(), row.openMillis(), row.threadsBefore(), row.threadsPeak(), row.threadsSettled(),
            row.heapPerPoolBytes(), row.getConnectionNanos(), row.getConnectionCpuNanos(), row.bytesPerCycle(),
            row.coldBytesPerCycle() == null ? "n/a" : String.format(Locale.ROOT, "%.0f B", row.coldBytesPerCycle()));
      }
    }
    if (out != null) {
      Files.writeString(out, json(rows));
    }
  }

  private static Opened open(String subject) {
    Subject.Target target = Subject.Target.stub();
    if (subject.startsWith("routing")) {
      HandRolledRouting routing = new HandRolledRouting(target.urlTemplate(), null, null,
          target.connectionTimeoutMs(), false);
      return new Opened() {
        @Override
        public Connection connection(String tenant) throws SQLException {
          return routing.getConnection(tenant);
        }

        @Override
        public void close() {
          routing.close();
        }
      };
    }
    Map<String, String> options = subject.contains("none") ? Map.of("tenantpool.metrics.tenantTag", "none") : Map.of();
    Subject tenantPool = Subject.open(Variant.TENANTPOOL, target, options);
    return new Opened() {
      @Override
      public Connection connection(String tenant) throws SQLException {
        return tenantPool.connection(tenant);
      }

      @Override
      public void close() {
        tenantPool.close();
      }
    };
  }

  private static Row measure(String subject, int count, long warmupMs, long measureMs) throws Exception {
    long heapBefore = heapAfterGc();
    int threadsBefore = THREADS.getThreadCount();
    // The peak is the JVM's own high-water mark since this reset: a burst of short-lived threads
    // that are gone again by the time the opening loop ends still shows.
    THREADS.resetPeakThreadCount();
    String[] tenants = new String[count];
    for (int i = 0; i < count; i++) {
      tenants[i] = "t" + i;
    }
    try (Opened opened = open(subject)) {
      long start = System.nanoTime();
      for (String tenant : tenants) {
        opened.connection(tenant).close();
      }
      long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int threadsPeak = THREADS.getPeakThreadCount();
      List<String> order = new ArrayList<>(Arrays.asList(tenants));
      Collections.shuffle(order, new Random(7));
      String[] shuffled = order.toArray(new String[0]);
      // Cold tenants: the code warmed on a tenth of the tenants, then one pass over the others,
      // each one's first borrow since its pool opened (its entry, pool and meters cold in the
      // caches, anything created on a tenant's first use created now).
      Double coldBytes = null; // not measured below 10 tenants
      if (count >= 10) {
        String[] warm = Arrays.copyOfRange(shuffled, 0, count / 10);
        for (long done = 0; done < WARMUP_CYCLES; done += warm.length) {
          for (String tenant : warm) {
            opened.connection(tenant).close();
          }
        }
        coldBytes = pass(opened, Arrays.copyOfRange(shuffled, count / 10, count));
      }
      // Whole passes over the permutation, so that every tenant is warmed, not only the first ones.
      long warmed = 0;
      long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
      while (warmed < WARMUP_CYCLES || System.nanoTime() < warmupEnd) {
        for (String tenant : shuffled) {
          opened.connection(tenant).close();
        }
        warmed += shuffled.length;
      }
      Cycles cycles = cycle(opened, shuffled, measureMs);
      Thread.sleep(SETTLE_MS);
      int threadsSettled = THREADS.getThreadCount();
      long heapPerPool = (heapAfterGc() - heapBefore) / count;
      return new Row(subject, Runtime.version().feature(), count, openMillis, threadsBefore, threadsPeak,
          threadsSettled, heapPerPool, cycles.wallNanos(), cycles.cpuNanos(), cycles.bytes(), coldBytes);
    }
  }

  /**
   * Borrows and closes round the tenants for {@code millis}. The thread's CPU time and allocation
   * are reported beside the wall time: on a shared machine they are steadier than the wall clock.
   */
  private static Cycles cycle(Opened opened, String[] tenants, long millis) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long cycles = 0;
    long threadId = Thread.currentThread().getId();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long bytesStart = THREADS.getThreadAllocatedBytes(threadId);
    long start = System.nanoTime();
    int next = 0;
    long now;
    do {
      for (int i = 0; i < 1_000; i++) {
        opened.connection(tenants[next]).close();
        next = next + 1 == tenants.length ? 0 : next + 1;
      }
      cycles += 1_000;
      now = System.nanoTime();
    } while (now < deadline);
    double cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
    double bytes = THREADS.getThreadAllocatedBytes(threadId) - bytesStart;
    return new Cycles((double) (now - start) / cycles, cpu / cycles, bytes / cycles);
  }

  /** Bytes this thread allocated per borrow + close over one pass of {@code tenants}. */
  private static double pass(Opened opened, String[] tenants) throws SQLException {
    long threadId = Thread.currentThread().getId();
    long bytesStart = THREADS.getThreadAllocatedBytes(threadId);
    for (String tenant : tenants) {
      opened.connection(tenant).close();
    }
    return (double) (THREADS.getThreadAllocatedBytes(threadId) - bytesStart) / tenants.length;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static String json(List<Row> rows) {
    return JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("rows", rows)) + "\n";
  }

}
