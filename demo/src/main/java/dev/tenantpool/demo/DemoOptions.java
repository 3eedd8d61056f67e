package dev.tenantpool.demo;

import dev.tenantpool.url.SafeText;
import java.util.Locale;

/**
 * The demo's command line. Every option has a default, so no arguments at all is the showcase:
 * 20 tenants, 8 threads, one minute, an outage in the middle.
 *
 * @param tenants how many tenant databases to create and serve
 * @param threads how many workload threads share them
 * @param durationMs how long the workload runs
 * @param url an existing PostgreSQL superuser URL, or {@code null} for the embedded server
 * @param outage whether one tenant's database is taken away midway
 * @param port the HTTP port on 127.0.0.1 (0 = any free port)
 * @param help whether only the usage was asked for
 */
record DemoOptions(int tenants, int threads, long durationMs, String url, boolean outage, int port, boolean help) {
  static final int DEFAULT_TENANTS = 20;
  static final int DEFAULT_THREADS = 8;
  static final long DEFAULT_DURATION_MS = 60_000;
  /** The OpenTelemetry Prometheus exporter's usual port: a metrics port people expect to scrape. */
  static final int DEFAULT_PORT = 9464;
  static final int MAX_TENANTS = 200;
  static final int MAX_THREADS = 256;
  static final long MIN_DURATION_MS = 5_000;
  static final long MAX_DURATION_MS = 24 * 3_600_000L;

  static final String USAGE = String.join("\n",
      "Usage: mvn -q -f all verify -DskipTests -Pdemo -Ddemo.args=\"[options]\"",
      "",
      "Serves many tenants through jdbc:tenantpool:, shows a live per-tenant pool table, takes one",
      "tenant's database away midway and brings it back, then prints a summary.",
      "",
      "Options:",
      "  --tenants N      tenant databases to create and serve, 1 to " + MAX_TENANTS + " (default " + DEFAULT_TENANTS + ")",
      "  --threads N      workload threads, 1 to " + MAX_THREADS + " (default " + DEFAULT_THREADS + ")",
      "  --duration D     how long the workload runs: seconds (90), or 30s, 2m (default 60s, minimum 5s)",
      "  --url URL        an existing PostgreSQL superuser URL instead of the embedded server, e.g.",
      "                   jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret",
      "                   (the demo creates and finally drops databases tenantpool_demo_*)",
      "  --no-outage      do not take a tenant's database away",
      "  --port N         HTTP port of /metrics and /health on 127.0.0.1, 0 = any free port",
      "                   (default " + DEFAULT_PORT + "; a port in use falls back to a free one)",
      "  --help           print this and exit");

  static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_TENANTS, DEFAULT_THREADS, DEFAULT_DURATION_MS, null, true, DEFAULT_PORT, false);
  }

  /**
   * Parses {@code args}; {@code --name value} and {@code --name=value} are both accepted.
   *
   * @throws UsageException naming the option to fix
   */
  static DemoOptions parse(String... args) throws UsageException {
    int tenants = DEFAULT_TENANTS;
    int threads = DEFAULT_THREADS;
    long durationMs = DEFAULT_DURATION_MS;
    String url = null;
    boolean outage = true;
    int port = DEFAULT_PORT;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        inline = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help":
        case "-h":
          help = true;
          break;
        case "--no-outage":
          if (inline != null) {
            throw new UsageException("--no-outage takes no value, but was given \"" + inline + "\"");
          }
          outage = false;
          break;
        case "--tenants":
          tenants = integer(name, value(args, i, inline), 1, MAX_TENANTS);
          break;
        case "--threads":
          threads = integer(name, value(args, i, inline), 1, MAX_THREADS);
          break;
        case "--duration":
          durationMs = duration(value(args, i, inline));
          break;
        case "--url":
          url = jdbcUrl(value(args, i, inline));
          break;
        case "--port":
          port = integer(name, value(args, i, inline), 0, 65_535);
          break;
        default:
          throw new UsageException("unknown option \"" + arg + "\"");
      }
      if (inline == null && takesValue(name)) {
        i++;
      }
    }
    return new DemoOptions(tenants, threads, durationMs, url, outage, port, help);
  }

  private static boolean takesValue(String name) {
    return !name.equals("--help") && !name.equals("-h") && !name.equals("--no-outage");
  }

  private static String value(String[] args, int i, String inline) throws UsageException {
    if (inline != null) {
      return inline;
    }
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new UsageException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int integer(String name, String value, int min, int max) throws UsageException {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new UsageException(name + " must be an integer from " + min + " to " + max + ", but was \"" + value + "\"");
  }

  /** "90" and "90s" are seconds, "2m" minutes. */
  static long duration(String value) throws UsageException {
    String text = value.trim().toLowerCase(Locale.ROOT);
    long unitMs = 1_000;
    if (text.endsWith("m")) {
      unitMs = 60_000;
      text = text.substring(0, text.length() - 1);
    } else if (text.endsWith("s")) {
      text = text.substring(0, text.length() - 1);
    }
    long ms;
    try {
      ms = Math.multiplyExact(Long.parseLong(text), unitMs);
    } catch (NumberFormatException | ArithmeticException e) {
      ms = -1;
    }
    if (ms < MIN_DURATION_MS || ms > MAX_DURATION_MS) {
      throw new UsageException("--duration must be whole seconds or minutes from 5s to 24h (e.g. 30s, 2m), but was \""
          + value + "\"");
    }
    return ms;
  }

  private static String jdbcUrl(String value) throws UsageException {
    ServerUrl.parse(value);
    return value;
  }

  @Override
  public String toString() {
    return "DemoOptions[tenants=" + tenants + ", threads=" + threads + ", durationMs=" + durationMs + ", url="
        + (url == null ? "embedded" : SafeText.url(url)) + ", outage=" + outage + ", port=" + port + "]";
  }
}
