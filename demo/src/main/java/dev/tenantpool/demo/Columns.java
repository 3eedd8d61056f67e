package dev.tenantpool.demo;

import java.util.Locale;

/** Fixed-width cells for the live table and the summary. */
final class Columns {
  private Columns() {}

  /** {@code text} left-aligned in {@code width} characters (cut if longer). */
  static String left(String text, int width) {
    return text.length() >= width ? text.substring(0, width) : text + " ".repeat(width - text.length());
  }

  /** {@code text} right-aligned in {@code width} characters. */
  static String right(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }

  static String right(long value, int width) {
    return right(Long.toString(value), width);
  }

  /** A latency for people: "7 us", "420 us", "3.1 ms", "120 ms", "1.3 s"; "-" when there is none (negative). */
  static String latency(long micros) {
    if (micros < 0) {
      return "-";
    }
    if (micros < 1_000) {
      return micros + " us";
    }
    if (micros < 10_000) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
    if (micros < 1_000_000) {
      return (micros / 1_000) + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", micros / 1_000_000.0);
  }

  /** Seconds into the run, one decimal: "21.4 s". */
  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
