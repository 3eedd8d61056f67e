package dev.tenantpool.observe;

import java.sql.SQLException;

/**
 * What of a failed statement's exception may be written into a span. A database's error text
 * quotes data: PostgreSQL says {@code invalid input syntax for type integer: "abc"} and adds
 * {@code Detail: Key (email)=(ann@example.com) already exists.}. So only the first line of a
 * message is kept, with every quoted part and every number replaced by {@code ?}; TenantPool's
 * own messages (SQLState {@code TPxxx}) are kept whole, as they never hold data values. The stack
 * trace keeps frames and exception types, never messages.
 */
final class ErrorText {
  private static final int MAX_CAUSES = 8;

  private ErrorText() {}

  /** The message to record for {@code failure}, or null when it has none. */
  static String message(Throwable failure) {
    String message = failure.getMessage();
    if (message == null) {
      return null;
    }
    if (failure instanceof SQLException) {
      String state = ((SQLException) failure).getSQLState();
      if (state != null && state.startsWith("TP")) {
        return message;
      }
    }
    return firstLineWithoutValues(message);
  }

  static String firstLineWithoutValues(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    StringBuilder out = new StringBuilder(line.length());
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        int close = line.indexOf(c, i + 1);
        out.append('?');
        i = close < 0 ? n : close + 1;
      } else if (c >= '0' && c <= '9' && (i == 0 || !Character.isLetterOrDigit(line.charAt(i - 1)))) {
        while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '.')) {
          i++;
        }
        out.append('?');
      } else if (Character.isLetter(c)) {
        // Words are kept whole, digits included (identifiers such as t1).
        while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_')) {
          out.append(line.charAt(i));
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().trim();
  }

  /** {@code failure}'s stack: types and frames of it and its causes, no message. */
  static String stackTrace(Throwable failure) {
    StringBuilder out = new StringBuilder(1024);
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      if (depth > 0) {
        out.append("Caused by: ");
      }
      out.append(current.getClass().getName()).append('\n');
      for (StackTraceElement frame : current.getStackTrace()) {
        out.append("\tat ").append(frame).append('\n');
      }
      Throwable cause = current.getCause();
      current = cause == current ? null : cause;
    }
    return out.toString();
  }
}
