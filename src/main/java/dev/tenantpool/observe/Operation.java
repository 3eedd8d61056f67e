package dev.tenantpool.observe;

/**
 * The SQL operation of a statement, read from its first keyword: the {@code operation} tag of
 * statement meters and the {@code db.operation.name} of spans. A closed set, so the tag's
 * cardinality is bounded whatever SQL the application sends.
 */
public enum Operation {
  SELECT, INSERT, UPDATE, DELETE, MERGE, CALL, WITH, COPY, BEGIN, COMMIT, ROLLBACK, SET, CREATE, ALTER, DROP,
  TRUNCATE, OTHER;

  private static final Operation[] KEYWORDS = {
    SELECT, INSERT, UPDATE, DELETE, MERGE, CALL, WITH, COPY, BEGIN, COMMIT, ROLLBACK, SET, CREATE, ALTER, DROP, TRUNCATE
  };
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

  /** The operation of {@code sql}; skips leading blanks, comments and a JDBC escape's brace. No allocation. */
  public static Operation of(String sql) {
    if (sql == null) {
      return OTHER;
    }
    int i = skipNoise(sql, 0);
    for (Operation keyword : KEYWORDS) {
      String name = keyword.name();
      if (sql.regionMatches(true, i, name, 0, name.length())
          && (i + name.length() == sql.length() || !continuesWord(sql.charAt(i + name.length())))) {
        return keyword;
      }
    }
    // JDBC call escape: {? = call f(?)}
    if (i < sql.length() && sql.charAt(i) == '?') {
      return CALL;
    }
    return OTHER;
  }

  private static boolean continuesWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
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
