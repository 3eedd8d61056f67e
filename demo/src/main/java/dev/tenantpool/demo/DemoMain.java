package dev.tenantpool.demo;

import java.io.File;
import java.io.PrintStream;

/**
 * The TenantPool demo: many tenants served through one {@code jdbc:tenantpool:} data source, a
 * live pool table, one tenant's outage contained by its circuit breaker, {@code /metrics} and
 * {@code /health}. Run it from the repository root with
 * {@code mvn -q -f all verify -DskipTests -Pdemo}; {@code -Ddemo.args="--help"} lists the options.
 *
 * <p>Exit codes: 0 done, 1 the run failed (the message says why), 2 bad options.
 */
public final class DemoMain {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

  private DemoMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, Screen.stdoutIsTerminal());
    if (code != OK) {
      System.exit(code);
    }
    // Exit 0 by returning: the JVM ends once the demo's threads are gone, which proves none is left.
  }

  /** Runs the demo with {@code args}; returns the exit code. Never throws, never prints a stack trace. */
  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (UsageException e) {
      err.println("demo: " + e.getMessage());
      err.println();
      err.println(DemoOptions.usage());
      return USAGE;
    }
    if (options.help()) {
      out.println(DemoOptions.usage());
      return OK;
    }
    String logFile = logToFile();
    try {
      return new DemoRun(options, out, terminal).execute(logFile);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("demo: interrupted");
      return FAILED;
    } catch (Exception e) {
      err.println("demo failed: " + explain(e));
      err.println("(details in " + logFile + ")");
      return FAILED;
    }
  }

  /**
   * Sends SLF4J's simple logger to a file unless told otherwise, so that pool and server log lines
   * never tear the live table. Must run before the first logger is created.
   */
  private static String logToFile() {
    String configured = System.getProperty(LOG_FILE_PROPERTY);
    if (configured != null) {
      return configured;
    }
    String file = new File(System.getProperty("java.io.tmpdir"), "tenantpool-demo.log").getPath();
    System.setProperty(LOG_FILE_PROPERTY, file);
    return file;
  }

  /** The exception's message and its causes', without a stack trace. */
  static String explain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 2_000; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : "; caused by: ").append(message);
      }
    }
    return text.toString();
  }
}
