package dev.tenantpool.observe;

/**
 * The SQL operation of a statement, read from its first keyword: the {@code operation} tag of
 * statement meters and the {@code db.operation.name} of spans. A closed set, so the tag's
 * cardinality is bounded whatever SQL the application sends.
 */
public enum Operation {
  SELECT, INSERT, UPDATE, DELETE, MERGE, CALL, WITH, COPY, BEGIN, COMMIT, ROLLBACK, SET, CREATE, ALTER, DROP,
  TRUNCATE, OTHER;

  // Span names of batches, built once: "BATCH INSERT", or "BATCH" when the operations differ.
  private static final String[] BATCH_NAMES = new String[values().length];

  static {
    for (Operation operation : values()) {
      BATCH_NAMES[operation.ordinal()] = operation == OTHER ? "BATCH" : "BATCH " + operation.name();
    }
  }

  /**
   * The {@code db.operation.name} of a batch of this operation, per the database semantic
   * conventions: {@code BATCH INSERT}, or {@code BATCH} for {@link #OTHER} (mixed or unknown).
   */
  public String batchName() {
    return BATCH_NAMES[ordinal()];
  }

  /**
   * The operation of {@code sql}; skips leading blanks, comments and a JDBC escape's brace. No
   * allocation; the first letter picks the one or few keywords to compare, ASCII without case.
   */
  public static Operation of(String sql) {
    if (sql == null || sql.isEmpty()) {
      return OTHER;
    }
    // Most SQL starts with its keyword: the blanks, comments and braces before one are skipped
    // out of line, which keeps this method small enough to be inlined into every execute.
    int i = isAsciiLetter(sql.charAt(0)) ? 0 : skipNoise(sql, 0);
    if (i >= sql.length()) {
      return OTHER;
    }
    switch (sql.charAt(i) | 0x20) {
      case 's':
        return keyword(sql, i, SELECT, SET);
      case 'i':
        return keyword(sql, i, INSERT, OTHER);
      case 'u':
        return keyword(sql, i, UPDATE, OTHER);
      case 'd':
        return keyword(sql, i, DELETE, DROP);
      case 'm':
        return keyword(sql, i, MERGE, OTHER);
      case 'c':
        Operation found = keyword(sql, i, CALL, COPY);
        return found != OTHER ? found : keyword(sql, i, COMMIT, CREATE);
      case 'w':
        return keyword(sql, i, WITH, OTHER);
      case 'b':
        return keyword(sql, i, BEGIN, OTHER);
      case 'r':
        return keyword(sql, i, ROLLBACK, OTHER);
      case 'a':
        return keyword(sql, i, ALTER, OTHER);
      case 't':
        return keyword(sql, i, TRUNCATE, OTHER);
      case '?':
        return sql.charAt(i) == '?' ? CALL : OTHER; // JDBC call escape: {? = call f(?)}
      default:
        return OTHER;
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (char) ((c | 0x20) - 'a') < 26;
  }

  /** {@code first} or {@code second} (OTHER: none) when {@code sql} has that keyword at {@code at}. */
  private static Operation keyword(String sql, int at, Operation first, Operation second) {
    if (isWordAt(sql, at, first.name())) {
      return first;
    }
    return second != OTHER && isWordAt(sql, at, second.name()) ? second : OTHER;
  }

  private static boolean isWordAt(String sql, int at, String upperCase) {
    int n = upperCase.length();
    if (at + n > sql.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      // ASCII letters only: folding with 0x20 maps 'a'..'z' onto 'A'..'Z' and no other char onto a letter.
      if ((sql.charAt(at + k) & ~0x20) != upperCase.charAt(k)) {
        return false;
      }
    }
    return at + n == sql.length() || !continuesWord(sql.charAt(at + n));
  }

  private static boolean continuesWord(char c) {
    if (c < 128) {
      // The common case, without Character's tables: a blank, a parenthesis or a semicolon.
      return isAsciiLetter(c) || (char) (c - '0') < 10 || c == '_' || c == '$';
    }
    return Character.isLetterOrDigit(c);
  }

  private static int skipNoise(String sql, int from) {
    int i = from;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '{' || c == '(') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    return i;
  }
}
