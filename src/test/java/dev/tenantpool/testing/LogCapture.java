package dev.tenantpool.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Records log events, with the MDC of the thread that logged them, while a test holds a capture
 * open. The tests' SLF4J binding is {@link Provider} (chosen by the {@code slf4j.provider} system
 * property in the Surefire and Failsafe configuration): it prints through slf4j-simple as before,
 * and adds a working MDC (slf4j-simple's own MDC does nothing) and the capture.
 *
 * <pre>{@code
 * try (LogCapture capture = LogCapture.start()) {
 *   ... // every logger is enabled at every level while a capture is open
 *   assertThat(capture.events()).anySatisfy(e -> assertThat(e.mdc()).containsEntry("tenant", "t0"));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  private static final List<LogCapture> OPEN = new CopyOnWriteArrayList<>();

  private final List<Event> events = new CopyOnWriteArrayList<>();

  private LogCapture() {}

  /** Starts recording every event of every logger, at every level. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    OPEN.add(capture);
    return capture;
  }

  /** Whether the tests run with this binding (false if another SLF4J provider was chosen). */
  public static boolean installed() {
    return org.slf4j.LoggerFactory.getILoggerFactory() instanceof CapturingFactory;
  }

  /** What was logged since {@link #start()}. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }

  /**
   * One log event: logger, level, formatted message, the logging thread's name and MDC, and the
   * stack trace of the throwable logged with it (causes and suppressed ones included), or null.
   */
  public record Event(String logger, Level level, String message, String thread, Map<String, String> mdc, String thrown) {}

  /** The SLF4J provider of the tests. */
  public static final class Provider implements SLF4JServiceProvider {
    private final SimpleServiceProvider simple = new SimpleServiceProvider();
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private ILoggerFactory factory;

    @Override
    public ILoggerFactory getLoggerFactory() {
      return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {
      simple.initialize();
      factory = new CapturingFactory(simple.getLoggerFactory());
    }
  }

  private static final class CapturingFactory implements ILoggerFactory {
    private final ILoggerFactory printing;
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    CapturingFactory(ILoggerFactory printing) {
      this.printing = printing;
    }

    @Override
    public Logger getLogger(String name) {
      return loggers.computeIfAbsent(name, n -> new CapturingLogger(n, printing.getLogger(n)));
    }
  }

  private static String stackTrace(Throwable throwable) {
    if (throwable == null) {
      return null;
    }
    java.io.StringWriter trace = new java.io.StringWriter();
    throwable.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }

  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger printing;

    CapturingLogger(String name, Logger printing) {
      this.name = name;
      this.printing = printing;
    }

    @Override
    public boolean isTraceEnabled() {
      return !OPEN.isEmpty() || printing.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return !OPEN.isEmpty() || printing.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return !OPEN.isEmpty() || printing.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return !OPEN.isEmpty() || printing.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return !OPEN.isEmpty() || printing.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      if (!OPEN.isEmpty()) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        Event event = new Event(name, level, message, Thread.currentThread().getName(),
            context == null ? Map.of() : Map.copyOf(context), stackTrace(throwable));
        for (LogCapture capture : OPEN) {
          capture.events.add(event);
        }
      }
      switch (level) {
        case ERROR:
          if (printing.isErrorEnabled()) {
            printing.error(message, throwable);
          }
          break;
        case WARN:
          if (printing.isWarnEnabled()) {
            printing.warn(message, throwable);
          }
          break;
        case INFO:
          if (printing.isInfoEnabled()) {
            printing.info(message, throwable);
          }
          break;
        case DEBUG:
          if (printing.isDebugEnabled()) {
            printing.debug(message, throwable);
          }
          break;
        default:
          if (printing.isTraceEnabled()) {
            printing.trace(message, throwable);
          }
          break;
      }
    }
  }
}
