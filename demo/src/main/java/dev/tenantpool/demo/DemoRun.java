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

  /** Runs the demo; returns the process exit code (0). */
  int execute() throws Exception {
    out.println("TenantPool demo: " + options.tenants() + " tenants, " + options.threads() + " threads, "
        + options.durationMs() / 1000 + " s (--help lists the options)");
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
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerUrl server = database.server();
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder()
        .name("demo")
        .url(server.tenantPoolUrl(TenantDatabases.PREFIX))
        .username(server.user())
        // Fail fast enough that a dead tenant holds a worker for one second, not ten.
        .property("tenantpool.connectionTimeout", "1000")
        .property("tenantpool.shutdownTimeout", "5000");
    if (server.password() != null) {
      builder.password(server.password());
    }
    // TODO(issue 3): breaker settings a demo can show in a minute, once the keys exist on main:
    //   tenantpool.breaker.minimumCalls=5, .slidingWindowSize=10, .waitInOpen=timeline.breakerWaitMs()
    // TODO(issue 5): builder.meterRegistry(registry) so /metrics carries the tenantpool.* meters.
    Map<String, TenantStats> stats = new LinkedHashMap<>();
    for (String tenant : tenants) {
      stats.put(tenant, new TenantStats(tenant));
    }
    try (TenantPoolDataSource dataSource = builder.build();
        DemoHttpServer http = DemoHttpServer.start(options.port(), registry::scrape, () -> HealthJson.render(dataSource))) {
      if (http.fellBack()) {
        out.println("Port " + options.port() + " on 127.0.0.1 is in use; serving on port " + http.port()
            + " instead (choose one with --port)");
      }
      out.println("Serving " + http.baseUrl() + "/metrics (Prometheus) and " + http.baseUrl() + "/health (JSON)");
      long start = System.nanoTime();
      EventLog events = new EventLog(start);
      OutageController outage = options.outage()
          ? new OutageController(database, tenants.get(tenants.size() / 3), timeline, events) : null;
      // TODO(issue 3): dataSource.addListener(...) recording circuit transitions into events and stats.
      out.println(outage == null
          ? "Running the workload for " + timeline.durationMs() / 1000 + " s with no outage"
          : "Running the workload for " + timeline.durationMs() / 1000 + " s; " + outage.tenant()
              + "'s database goes away at " + timeline.outageStartMs() / 1000 + " s and comes back at "
              + timeline.outageEndMs() / 1000 + " s");
      PoolTable table = new PoolTable(dataSource, tenants, stats, outage == null ? null : outage.tenant(),
          screen.isAnsi() && System.getenv("NO_COLOR") == null, start);
      LiveView view = new LiveView(screen, table, events, timeline, outage);
      Workload workload = new Workload(dataSource, tenants, stats, outage == null ? () -> Phase.BEFORE : outage::phase);
      Thread interrupted = new Thread(() -> onInterrupt(outage), "demo-interrupted");
      Runtime.getRuntime().addShutdownHook(interrupted);
      long elapsed;
      workload.start(options.threads());
      try {
        elapsed = clock(events, view, outage);
      } finally {
        workload.stop();
        if (outage != null) {
          outage.restore();
        }
        Runtime.getRuntime().removeShutdownHook(interrupted);
      }
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

  /** Ctrl+C during the run: give the cursor back, and an external server its tenant's database. */
  private void onInterrupt(OutageController outage) {
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
