package dev.tenantpool.observe;

/**
 * Replaces the literals of SQL text with {@code ?} before it is recorded as
 * {@code db.query.text}: quoted strings (standard, {@code E'...'} escapes, dollar-quoted bodies)
 * and numbers. Identifiers, keywords, comments and parameter markers are kept. Used for plain
 * {@code Statement} SQL only; a prepared statement's SQL is already parameterized and its bound
 * values are never recorded.
 */
public final class SqlSanitizer {
  private SqlSanitizer() {}

  /** {@code sql} with every literal replaced by {@code ?}. */
  public static String sanitize(String sql) {
    if (sql == null) {
      return null;
    }
    int n = sql.length();
    StringBuilder out = new StringBuilder(n);
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(sql, i))) {
        boolean escapes = c != '\'';
        i = skipQuoted(sql, escapes ? i + 1 : i, escapes);
        out.append('?');
      } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        String tag = sql.substring(i, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        i = close < 0 ? n : close + tag.length();
        out.append('?');
      } else if (c == '"') {
        int end = sql.indexOf('"', i + 1);
        int stop = end < 0 ? n : end + 1;
        out.append(sql, i, stop);
        i = stop;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        int stop = end < 0 ? n : end;
        out.append(sql, i, stop);
        i = stop;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        out.append(sql, i, stop);
        i = stop;
      } else if (Character.isDigit(c) && !identifierBefore(sql, i)) {
        i = skipNumber(sql, i);
        out.append('?');
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        out.append(sql, start, i);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean identifierBefore(String sql, int i) {
    if (i == 0) {
      return false;
    }
    char before = sql.charAt(i - 1);
    return Character.isLetterOrDigit(before) || before == '_' || before == '$' || before == '"';
  }

  private static int skipQuoted(String sql, int quote, boolean backslashEscapes) {
    int n = sql.length();
    int i = quote + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /** Index of the closing '$' of a dollar-quote tag starting at {@code i} ($$ or $tag$), else -1. */
  private static int dollarTagEnd(String sql, int i) {
    if (identifierBefore(sql, i)) {
      return -1;
    }
    int n = sql.length();
    int j = i + 1;
    while (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < n && sql.charAt(j) == '$' ? j : -1;
  }

  private static int skipNumber(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isDigit(c) || c == '.') {
        i++;
      } else if ((c == 'e' || c == 'E') && i + 1 < n
          && (Character.isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '-' || sql.charAt(i + 1) == '+')) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }
}
