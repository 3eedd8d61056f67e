package dev.tenantpool.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened during the run, stamped with seconds since the workload started: the outage
 * controller's actions and the circuit transitions the driver reports. Written by any thread,
 * read by the display.
 */
final class EventLog {
  private final List<Event> events = new ArrayList<>();
  private volatile long startNanos = System.nanoTime();

  /** Sets the run's time zero to now (the workload's start). */
  void startClock() {
    startNanos = System.nanoTime();
  }

  /** Milliseconds since the run started. */
  long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  void add(String text) {
    add(elapsedMs(), text);
  }

  void add(long elapsedMs, String text) {
    Event event = new Event(elapsedMs, text);
    synchronized (events) {
      events.add(event);
    }
  }

  /** Events from position {@code from} on (positions count from 0 in order of arrival). */
  List<Event> since(int from) {
    synchronized (events) {
      return new ArrayList<>(events.subList(Math.min(from, events.size()), events.size()));
    }
  }

  /** The last {@code n} events. */
  List<Event> last(int n) {
    synchronized (events) {
      return new ArrayList<>(events.subList(Math.max(0, events.size() - n), events.size()));
    }
  }

  /** One line of the log. */
  record Event(long elapsedMs, String text) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%6.1fs  %s", elapsedMs / 1000.0, text);
    }
  }
}
