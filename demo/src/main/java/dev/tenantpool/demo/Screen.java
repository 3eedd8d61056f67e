package dev.tenantpool.demo;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Where the live view goes. On a terminal a frame is redrawn in place with ANSI escapes (cursor up,
 * clear line), like {@code top}; otherwise (a pipe, a file, CI) lines are only ever appended.
 *
 * <p>Not JLine: the view needs two escapes and a terminal check, and reads no input. JLine would
 * bring raw-mode terminal handling and native access (a warning on JDK 22+ unless enabled) for
 * nothing the demo shows.
 */
final class Screen {
  private static final String ESC = "\033[";

  private final PrintStream out;
  private final boolean ansi;
  private int drawnLines;
  private boolean released;

  Screen(PrintStream out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  /**
   * True when standard output is an interactive terminal that takes ANSI escapes. Before JDK 22
   * {@code System.console()} is null unless both stdin and stdout are a terminal; from JDK 22 on it
   * may exist for redirected output too, and {@code Console.isTerminal()} (looked up reflectively,
   * since this code targets Java 17) tells the difference.
   */
  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  boolean isAnsi() {
    return ansi;
  }

  /** Replaces the previous frame with {@code lines} (terminal only); nothing once released. */
  synchronized void redraw(List<String> lines) {
    if (released) {
      return;
    }
    StringBuilder frame = new StringBuilder();
    if (drawnLines == 0) {
      frame.append(ESC).append("?25l");
    } else {
      frame.append(ESC).append(drawnLines).append('F');
    }
    for (String line : lines) {
      frame.append(line).append(ESC).append('K').append('\n');
    }
    frame.append(ESC).append('J');
    out.print(frame);
    out.flush();
    drawnLines = lines.size();
  }

  /** Appends a line below everything printed so far. */
  synchronized void println(String line) {
    out.println(line);
    out.flush();
  }

  /** Leaves the last frame on screen for good and gives the cursor back; later output goes below it. */
  synchronized void release() {
    released = true;
    if (ansi && drawnLines > 0) {
      out.print(ESC + "?25h");
      out.flush();
      drawnLines = 0;
    }
  }
}
