package dev.tenantpool.observe;

/**
 * Replaces the literals of SQL text with {@code ?} before it is recorded as
 * {@code db.query.text}, so that no value the application sent reaches a span.
 *
 * <ul>
 *   <li>replaced by {@code ?}: quoted strings ({@code '...'} with {@code ''} escapes, {@code E'...'}
 *       with backslash escapes, and the quoted part of {@code B'..'}, {@code X'..'}, {@code U&'..'}),
 *       dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}) and numbers ({@code 42},
 *       {@code 1.5e-3}, {@code 0x1F}, {@code 1_000});
 *   <li>removed: comments ({@code -- ...} and nested {@code /* ... *}{@code /}), which may hold
 *       anything at all;
 *   <li>kept: keywords, identifiers (also those with digits, such as {@code t1}, and quoted ones),
 *       operators and parameter markers ({@code ?}, {@code $1}).
 * </ul>
 *
 * Every statement's SQL goes through it, prepared ones included: their text is meant to be
 * parameterized, but nothing stops an application from writing a literal into it. Text without
 * literals or comments is returned as the same instance, without allocation.
 */
final class SqlSanitizer {
  private SqlSanitizer() {}

  /** {@code sql} with every literal replaced by {@code ?} and comments removed; null for null. */
  public static String sanitize(String sql) {
    if (sql == null) {
      return null;
    }
    int n = sql.length();
    StringBuilder out = null;
    int copied = 0; // sql[0, copied) is already in out (or needs no change when out is null)
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      String replacement;
      if (c == '\'') {
        end = skipQuoted(sql, i, false);
        replacement = "?";
      } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && !identifierBefore(sql, i)) {
        end = skipQuoted(sql, i + 1, true);
        replacement = "?";
      } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        int close = sql.indexOf(sql.substring(i, tagEnd + 1), tagEnd + 1);
        end = close < 0 ? n : close + tagEnd + 1 - i;
        replacement = "?";
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int newline = sql.indexOf('\n', i);
        end = newline < 0 ? n : newline;
        replacement = "";
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = skipBlockComment(sql, i);
        replacement = " ";
      } else if (c == '$') {
        // A positional parameter ($1) or a '$' inside an operator: kept with its digits.
        i++;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
        continue;
      } else if (c == '"') {
        i = skipQuotedIdentifier(sql, i);
        continue;
      } else if (isDigit(c)) {
        end = skipNumber(sql, i);
        replacement = "?";
      } else if (isIdentifierStart(c)) {
        i++;
        while (i < n && isIdentifierPart(sql.charAt(i))) {
          i++;
        }
        continue;
      } else {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(sql, copied, i).append(replacement);
      i = end;
      copied = end;
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, n).toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** Whether the character before {@code i} ends an identifier, so {@code sql[i]} continues it. */
  private static boolean identifierBefore(String sql, int i) {
    return i > 0 && (isIdentifierPart(sql.charAt(i - 1)) || sql.charAt(i - 1) == '"');
  }

  /** End (exclusive) of the string literal whose opening quote is at {@code quote}. */
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

  /** End (exclusive) of the quoted identifier starting at {@code quote}; {@code ""} is an escaped quote. */
  private static int skipQuotedIdentifier(String sql, int quote) {
    int n = sql.length();
    int i = quote + 1;
    while (i < n) {
      if (sql.charAt(i) == '"') {
        if (i + 1 < n && sql.charAt(i + 1) == '"') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /** End (exclusive) of the block comment at {@code start}; PostgreSQL's block comments nest. */
  private static int skipBlockComment(String sql, int start) {
    int n = sql.length();
    int depth = 0;
    int i = start;
    while (i < n) {
      if (sql.charAt(i) == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /**
   * Index of the closing '$' of a dollar-quote tag starting at {@code i} ({@code $$} or
   * {@code $tag$}, the tag an identifier without '$'), else -1. {@code $1} is a parameter, not a tag.
   */
  private static int dollarTagEnd(String sql, int i) {
    if (identifierBefore(sql, i)) {
      return -1;
    }
    int n = sql.length();
    int j = i + 1;
    if (j < n && isIdentifierStart(sql.charAt(j))) {
      j++;
      while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
        j++;
      }
    }
    return j < n && sql.charAt(j) == '$' ? j : -1;
  }

  /**
   * End (exclusive) of the numeric literal at {@code i}: digits, '.', an exponent with its sign,
   * and what PostgreSQL 16 also accepts ({@code 0x1F}, {@code 0o17}, {@code 0b101}, {@code 1_000}).
   * Trailing letters are taken too, so no part of a malformed literal is left in the text.
   */
  private static int skipNumber(String sql, int i) {
    int n = sql.length();
    boolean decimal = !(sql.charAt(i) == '0' && i + 1 < n && "xXoObB".indexOf(sql.charAt(i + 1)) >= 0);
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        i++;
        if (decimal && (c == 'e' || c == 'E') && i + 1 < n && (sql.charAt(i) == '+' || sql.charAt(i) == '-')
            && isDigit(sql.charAt(i + 1))) {
          i++;
        }
      } else {
        break;
      }
    }
    return i;
  }
}
