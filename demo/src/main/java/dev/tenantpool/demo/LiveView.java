package dev.tenantpool.demo;

import dev.tenantpool.demo.Timeline.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * The view while the workload runs: a progress line, the pool table and what just happened. On a
 * terminal it is one frame refreshed every tick; otherwise events are printed as they happen and
 * the progress line and table every {@link Timeline#plainIntervalMs()}.
 */
final class LiveView {
  private static final int RECENT_EVENTS = 4;
  private static final int BAR_WIDTH = 30;
  private static final char[] SPINNER = {'|', '/', '-', '\\'};

  private final Screen screen;
  private final PoolTable table;
  private final EventLog events;
  private final Timeline timeline;
  private final OutageController outage;
  private int eventsPrinted;
  private long nextPlainTableMs;
  private int ticks;

  /** @param outage the outage of the run, or {@code null} for --no-outage */
  LiveView(Screen screen, PoolTable table, EventLog events, Timeline timeline, OutageController outage) {
    this.screen = screen;
    this.table = table;
    this.events = events;
    this.timeline = timeline;
    this.outage = outage;
    this.nextPlainTableMs = timeline.plainIntervalMs();
  }

  /** Shows the state at {@code elapsedMs} into the run. */
  void refresh(long elapsedMs) {
    ticks++;
    if (screen.isAnsi()) {
      List<String> frame = new ArrayList<>();
      frame.add(progress(elapsedMs));
      frame.add("");
      frame.addAll(table.render());
      frame.add("");
      List<EventLog.Event> recent = events.last(RECENT_EVENTS);
      for (EventLog.Event event : recent) {
        frame.add(event.toString());
      }
      for (int i = recent.size(); i < RECENT_EVENTS; i++) {
        frame.add("");
      }
      screen.redraw(frame);
      return;
    }
    printNewEvents();
    if (elapsedMs >= nextPlainTableMs) {
      nextPlainTableMs += timeline.plainIntervalMs();
      printTable(elapsedMs);
    }
  }

  /** The final state, once the workload has stopped. */
  void finish(long elapsedMs) {
    if (screen.isAnsi()) {
      refresh(elapsedMs);
      screen.release();
    } else {
      printNewEvents();
      printTable(elapsedMs);
    }
  }

  private void printTable(long elapsedMs) {
    screen.println("");
    screen.println(progress(elapsedMs));
    for (String line : table.render()) {
      screen.println(line);
    }
    screen.println("");
  }

  private void printNewEvents() {
    for (EventLog.Event event : events.since(eventsPrinted)) {
      screen.println(event.toString());
      eventsPrinted++;
    }
  }

  /** "[##########....................] 21/60 s  t07 offline since 21.0 s; back at 36 s". */
  String progress(long elapsedMs) {
    long shown = Math.min(elapsedMs, timeline.durationMs());
    int filled = (int) (BAR_WIDTH * shown / timeline.durationMs());
    String spinner = screen.isAnsi() && shown < timeline.durationMs() ? SPINNER[ticks % SPINNER.length] + " " : "";
    return spinner + "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
        + shown / 1000 + "/" + timeline.durationMs() / 1000 + " s  " + story();
  }

  private String story() {
    if (outage == null) {
      return "no outage (--no-outage)";
    }
    String tenant = outage.tenant();
    Phase phase = outage.phase();
    if (phase == Phase.BEFORE) {
      return "outage of " + tenant + " at " + timeline.outageStartMs() / 1000 + " s";
    }
    if (phase == Phase.DURING) {
      return tenant + " OFFLINE since " + Columns.seconds(outage.offlineAtMs()) + "; back at "
          + timeline.outageEndMs() / 1000 + " s";
    }
    return tenant + " was offline " + Columns.seconds(outage.offlineAtMs()) + " to " + Columns.seconds(outage.backAtMs());
  }
}
