package dev.tenantpool.demo;

import dev.tenantpool.TenantPoolDataSource;
import dev.tenantpool.demo.Timeline.Phase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the demo, start to finish: the server, the tenant databases, the data source, the
 * HTTP endpoints, the workload with its live view and outage, then the summary. Everything it
 * starts it stops, in reverse order, whatever happens.
 */
final class DemoRun {
  private final DemoOptions options;
  private final PrintStream out;
  private final Screen screen;
  private final Timeline timeline;

  DemoRun(DemoOptions options, PrintStream out, boolean terminal) {
    this.options = options;
    this.out = out;
    this.screen = new Screen(out, terminal);
    this.timeline = Timeline.of(options.durationMs());
  }

  /** Runs the demo, logging to {@code logFile}; returns the process exit code (0). */
  int execute(String logFile) throws Exception {
    out.println("TenantPool demo: " + options.tenants() + (options.tenants() == 1 ? " tenant, " : " tenants, ")
        + options.threads() + (options.threads() == 1 ? " thread, " : " threads, ")
        + options.durationMs() / 1000 + " s (--help lists the options)");
    out.println("Logs of the driver, HikariCP and PostgreSQL go to " + logFile);
    List<String> summary;
    try (DemoDatabase database = openDatabase()) {
      List<String> tenants = TenantDatabases.ids(options.tenants());
      long start = System.nanoTime();
      TenantDatabases databases = TenantDatabases.create(database, tenants);
      out.println("Created " + tenants.size() + " tenant databases " + TenantDatabases.databaseOf(tenants.get(0))
          + (tenants.size() > 1 ? " .. " + TenantDatabases.databaseOf(tenants.get(tenants.size() - 1)) : "")
          + " in " + millisSince(start) + " ms");
      try {
        summary = serve(database, tenants);
      } finally {
        if (!database.isEmbedded()) {
          databases.dropAll();
        }
      }
    }
    for (String line : summary) {
      out.println(line);
    }
    out.flush();
    return 0;
  }

  private DemoDatabase openDatabase() throws Exception {
    long start = System.nanoTime();
    if (options.url() == null) {
      out.println("Starting an embedded PostgreSQL (the first run unpacks its binaries) ...");
      DemoDatabase database = DemoDatabase.embedded();
      out.println("Started " + database.describe() + " in " + millisSince(start) + " ms");
      return database;
    }
    DemoDatabase database = DemoDatabase.external(ServerUrl.parse(options.url()));
    out.println("Using " + database.describe());
    return database;
  }

  /** Builds the data source and endpoints, runs the workload, and returns the summary's lines. */
  private List<String> serve(DemoDatabase database, List<String> tenants) throws Exception {
    Map<String, TenantStats> stats = new LinkedHashMap<>();
    for (String tenant : tenants) {
      stats.put(tenant, new TenantStats(tenant));
    }
    EventLog events = new EventLog();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TenantPoolDataSource dataSource = dataSource(database.server(), registry, new CircuitEvents(events, stats));
        DemoHttpServer http = DemoHttpServer.start(options.port(), registry::scrape, () -> HealthJson.render(dataSource))) {
      if (http.fellBack()) {
        out.println("Port " + options.port() + " on 127.0.0.1 is in use; serving on port " + http.port()
            + " instead (choose one with --port)");
      }
      out.println("Serving " + http.baseUrl() + "/metrics (Prometheus) and " + http.baseUrl()
          + "/health (JSON) while the demo runs");
      OutageController outage = options.outage()
          ? new OutageController(database, tenants.get(tenants.size() / 3), timeline, events) : null;
      Workload workload = new Workload(dataSource, tenants, stats, outage == null ? () -> Phase.BEFORE : outage::phase);
      long warmUp = System.nanoTime();
      workload.warmUp();
      out.println("Opened " + dataSource.poolCount() + " tenant pools, each on its tenant's first getConnection, in "
          + millisSince(warmUp) + " ms");
      out.println(outage == null
          ? "Running the workload for " + timeline.durationMs() / 1000 + " s with no outage"
          : "Running the workload for " + timeline.durationMs() / 1000 + " s; " + outage.tenant()
              + "'s database goes away at " + timeline.outageStartMs() / 1000 + " s and comes back at "
              + timeline.outageEndMs() / 1000 + " s");
      PoolTable table = new PoolTable(dataSource, tenants, stats, outage == null ? null : outage.tenant(),
          screen.isAnsi() && System.getenv("NO_COLOR") == null);
      LiveView view = new LiveView(screen, table, events, timeline, outage);
      long elapsed = run(workload, events, view, outage);
      view.finish(elapsed);
      out.println("");
      List<String> summary = new Summary(tenants, stats, outage).render(options.threads(), elapsed);
      summary.add("Endpoints: /metrics answered " + http.metricsRequests() + " requests and /health "
          + http.healthRequests() + " at " + http.baseUrl() + " during the run.");
      return summary;
    } finally {
      registry.close();
    }
  }

  /** One data source for all tenants: the URL template, demo-sized timeouts and breaker, the registry. */
  private TenantPoolDataSource dataSource(ServerUrl server, PrometheusMeterRegistry registry, CircuitEvents listener) {
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
        .name("demo")
        .url(server.tenantPoolUrl(TenantDatabases.PREFIX))
        .username(server.user())
        // A dead tenant holds a worker for half a second, not the default ten.
        .property("tenantpool.connectionTimeout", "500")
        .property("tenantpool.validationTimeout", "250")
        .property("tenantpool.shutdownTimeout", "5000")
        // A breaker that shows its whole cycle within a minute (the defaults suit production:
        // 10 calls before judging, 30 s open): judge after 5 calls, probe again after a few seconds.
        .property("tenantpool.breaker.minimumCalls", "5")
        .property("tenantpool.breaker.slidingWindowSize", "10")
        .property("tenantpool.breaker.waitInOpen", Long.toString(timeline.breakerWaitMs()))
        .meterRegistry(registry)
        .listener(listener);
    if (server.password() != null) {
      builder.password(server.password());
    }
    return builder.build();
  }

  /** Runs the workload for the duration; returns the elapsed ms. Ctrl+C still restores the outage. */
  private long run(Workload workload, EventLog events, LiveView view, OutageController outage) throws Exception {
    Thread interrupted = new Thread(() -> onInterrupt(workload, outage), "demo-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    events.startClock();
    workload.start(options.threads());
    try {
      return clock(events, view, outage);
    } finally {
      workload.stop();
      if (outage != null) {
        outage.restore();
      }
      Runtime.getRuntime().removeShutdownHook(interrupted);
    }
  }

  /** Drives the outage and the view until the duration is over; returns the elapsed ms. */
  private long clock(EventLog events, LiveView view, OutageController outage) throws InterruptedException, SQLException {
    long nextTick = Timeline.TICK_MS;
    long elapsed;
    while ((elapsed = events.elapsedMs()) < timeline.durationMs()) {
      if (outage != null) {
        outage.step(elapsed);
      }
      if (elapsed >= nextTick) {
        view.refresh(elapsed);
        nextTick += Timeline.TICK_MS;
      }
      long wakeAt = Math.min(Math.min(nextTick, timeline.durationMs()),
          outage == null ? Long.MAX_VALUE : outage.nextActionAtMs());
      long sleep = wakeAt - events.elapsedMs();
      if (sleep > 0) {
        TimeUnit.MILLISECONDS.sleep(sleep);
      }
    }
    return elapsed;
  }

  /**
   * Ctrl+C during the run: stop the workers and the view (the server is going away under them),
   * give the cursor back, and give an external server its tenant's database back.
   */
  private void onInterrupt(Workload workload, OutageController outage) {
    workload.halt();
    screen.release();
    if (outage != null) {
      try {
        outage.restore();
      } catch (SQLException e) {
        out.println("could not bring " + outage.tenant() + "'s database back: " + e.getMessage()
            + "; run ALTER DATABASE " + TenantDatabases.databaseOf(outage.tenant()) + " ALLOW_CONNECTIONS true");
      }
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
