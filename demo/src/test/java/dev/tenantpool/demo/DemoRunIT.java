package dev.tenantpool.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the demo as CI sees it (output not a terminal) for a few seconds with a scaled outage,
 * scraping its endpoints meanwhile, and checks what the summary says.
 */
class DemoRunIT {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Pattern SERVING = Pattern.compile("Serving (http://127\\.0\\.0\\.1:\\d+)/metrics");
  private static final Pattern ROW = Pattern.compile("^(t\\d\\d)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s", Pattern.MULTILINE);

  @Test
  void servesEveryTenantAndContainsTheOutageToOneOfThem() throws Exception {
    List<String> args = new ArrayList<>(List.of("--duration", "8s", "--tenants", "4", "--threads", "4", "--port", "0"));
    String external = System.getenv("TENANTPOOL_TEST_JDBC_URL");
    if (external != null) {
      args.add("--url");
      args.add(external);
    }
    Set<String> threadsBefore = nonDaemonThreads();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    Future<Integer> exit = runner.submit(() -> DemoMain.run(args.toArray(new String[0]), out, out, false));

    Scrapes scrapes = scrapeWhileRunning(buffer, exit);
    int code = exit.get(60, TimeUnit.SECONDS);
    runner.shutdown();
    String output = output(buffer);

    assertThat(code).as(output).isZero();
    Map<String, long[]> rows = summaryRows(output);
    assertThat(rows).as(output).containsOnlyKeys("t01", "t02", "t03", "t04");
    long[] outage = rows.get("t02");
    assertThat(outage[1]).as("t02 (the outage tenant) failed operations").isPositive();
    assertThat(output).contains("Outage of t02").contains("Its circuit opened at").contains("Recovered: ");
    for (String other : List.of("t01", "t03", "t04")) {
      assertThat(rows.get(other)[0]).as(other + " succeeded operations").isPositive();
      assertThat(rows.get(other)[1]).as(other + " failed operations").isZero();
    }
    assertThat(output).contains("Containment: the other 3 tenants had 0 failed operations.");

    assertThat(scrapes.metrics).as("a /metrics response").contains("tenantpool_connection_acquire_seconds_count{");
    assertThat(scrapes.health).as("a /health response").isNotNull();
    JsonNode health = JSON.readTree(scrapes.health);
    assertThat(health.path("status").asString()).isIn("UP", "DEGRADED");
    assertThat(health.path("tenants").valueStream().map(t -> t.path("tenant").asString()))
        .as("tenants in /health").contains("t01");
    assertThat(health.path("tenants").get(0).path("circuit").asString()).isIn("CLOSED", "OPEN", "HALF_OPEN");
    assertThat(scrapes.sawOutageCircuitNotClosed).as("/health showed t02's circuit open at some point").isTrue();
    assertThat(output).containsPattern("/metrics answered [1-9]\\d* requests and /health [1-9]");

    Set<String> leftOver = nonDaemonThreads();
    leftOver.removeAll(threadsBefore);
    assertThat(leftOver).as("non-daemon threads the demo left running").isEmpty();
  }

  private static Scrapes scrapeWhileRunning(ByteArrayOutputStream buffer, Future<Integer> exit) throws Exception {
    Scrapes scrapes = new Scrapes();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = null;
    while (!exit.isDone()) {
      if (base == null) {
        Matcher m = SERVING.matcher(output(buffer));
        base = m.find() ? m.group(1) : null;
      }
      if (base != null && output(buffer).contains("Running the workload")) {
        try {
          String health = get(client, base + "/health");
          scrapes.health = health;
          boolean t02NotClosed = JSON.readTree(health).path("tenants").valueStream()
              .anyMatch(t -> t.path("tenant").asString().equals("t02") && !t.path("circuit").asString().equals("CLOSED"));
          if (t02NotClosed) {
            scrapes.sawOutageCircuitNotClosed = true;
          }
          if (scrapes.metrics == null) {
            scrapes.metrics = get(client, base + "/metrics");
          }
        } catch (java.io.IOException e) {
          // The run ended between the check and the request.
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return scrapes;
  }

  private static String get(HttpClient client, String url) throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static Map<String, long[]> summaryRows(String output) {
    String summary = output.substring(Math.max(0, output.indexOf("Summary: ")));
    Map<String, long[]> rows = new HashMap<>();
    Matcher m = ROW.matcher(summary);
    while (m.find()) {
      rows.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
    }
    return rows;
  }

  private static String output(ByteArrayOutputStream buffer) {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  private static Set<String> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .map(t -> t.getName() + "#" + t.getId())
        .collect(Collectors.toSet());
  }

  private static final class Scrapes {
    volatile String metrics;
    volatile String health;
    volatile boolean sawOutageCircuitNotClosed;
  }
}
