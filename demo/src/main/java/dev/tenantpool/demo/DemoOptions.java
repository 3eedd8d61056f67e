package dev.tenantpool.demo;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  /** The command line as picocli reads it; numbers, ranges and the URL are checked by {@link #parse}. */
  @Command(name = "demo", sortOptions = false, usageHelpAutoWidth = false,
      usageHelpWidth = 100,
      customSynopsis = "mvn -q -f all verify -DskipTests -Pdemo -Ddemo.args=\"[options]\"",
      description = {"", "Serves many tenants through jdbc:tenantpool:, shows a live per-tenant pool table, takes one"
          + " tenant's database away midway and brings it back, then prints a summary.", ""},
      optionListHeading = "Options:%n")
  static final class CommandLineOptions {
    @Option(names = "--tenants", paramLabel = "N", defaultValue = "" + DEFAULT_TENANTS,
        description = "tenant databases to create and serve, 1 to " + MAX_TENANTS + " (default ${DEFAULT-VALUE})")
    String tenants;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + DEFAULT_THREADS,
        description = "workload threads, 1 to " + MAX_THREADS + " (default ${DEFAULT-VALUE})")
    String threads;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s",
        description = "how long the workload runs: seconds (90), or 30s, 2m (default ${DEFAULT-VALUE}, minimum 5s)")
    String duration;

    @Option(names = "--url", paramLabel = "URL",
        description = "an existing PostgreSQL superuser URL instead of the embedded server, e.g."
            + " jdbc:postgresql://localhost:5432/postgres?user=postgres&password=secret (the demo creates and"
            + " finally drops databases tenantpool_demo_*)")
    String url;

    @Option(names = "--no-outage", description = "do not take a tenant's database away")
    boolean noOutage;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT,
        description = "HTTP port of /metrics and /health on 127.0.0.1, 0 = any free port (default"
            + " ${DEFAULT-VALUE}; a port in use falls back to a free one)")
    String port;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this and exit")
    boolean help;
  }

  /** The usage text, generated from the options. */
  static String usage() {
    return new CommandLine(new CommandLineOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
  }

  static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_TENANTS, DEFAULT_THREADS, DEFAULT_DURATION_MS, null, true, DEFAULT_PORT, false);
  }

  /**
   * Parses {@code args} with picocli ({@code --name value} and {@code --name=value}), then checks
   * the ranges and the URL.
   *
   * @throws UsageException naming the option to fix
   */
  static DemoOptions parse(String... args) throws UsageException {
    CommandLineOptions read = new CommandLineOptions();
    CommandLine commandLine = new CommandLine(read);
    try {
      commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage());
    }
    if (read.help) {
      return new DemoOptions(DEFAULT_TENANTS, DEFAULT_THREADS, DEFAULT_DURATION_MS, null, true, DEFAULT_PORT, true);
    }
    return new DemoOptions(
        integer("--tenants", read.tenants, 1, MAX_TENANTS),
        integer("--threads", read.threads, 1, MAX_THREADS),
        duration(read.duration),
        read.url == null ? null : jdbcUrl(read.url),
        !read.noOutage,
        integer("--port", read.port, 0, 65_535),
        false);
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
        + (url == null ? "embedded" : ServerUrl.shown(url)) + ", outage=" + outage + ", port=" + port + "]";
  }
}
