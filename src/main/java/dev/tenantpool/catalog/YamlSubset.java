package dev.tenantpool.catalog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader for the part of YAML a catalog file needs: nested block mappings of scalars.
 *
 * <p>Supported: {@code key: value} lines, nesting by indentation with spaces, plain, single- and
 * double-quoted scalars (on one line), {@code #} comments, one leading {@code ---}. Anything else
 * (sequences, flow collections, anchors, aliases, tags, block scalars, several documents, tabs,
 * duplicate keys) is an error naming the line, never a silent guess. Every scalar is kept as the
 * text written ({@code 0123} stays {@code "0123"}, {@code no} stays {@code "no"}); a key with no
 * value and no nested lines, {@code ~} and {@code null} are {@code null}.
 *
 * <p>Why not SnakeYAML: a driver's dependencies land on every application's classpath, and
 * SnakeYAML 1.x and 2.x are not interchangeable (Spring Boot 2 and 3 each pin one); YAML 1.1
 * typing would also turn a password such as {@code no} or {@code 0777} into a boolean or a
 * number. This subset is valid YAML, so files written for it read the same in any YAML tool (a
 * test checks that against SnakeYAML).
 *
 * <p>Error messages name the line and what to change, never the line's text: it may hold a
 * password.
 */
final class YamlSubset {

  /** A file outside the subset, with the 1-based line where reading stopped. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private static final class Frame {
    final Map<String, Object> map;
    final int indent;

    Frame(Map<String, Object> map, int indent) {
      this.map = map;
      this.indent = indent;
    }
  }

  private YamlSubset() {}

  /** Reads {@code text} into nested maps whose values are {@code String}, {@code Map} or {@code null}. */
  static Map<String, Object> parse(String text) throws SyntaxException {
    Map<String, Object> root = new LinkedHashMap<>();
    Deque<Frame> stack = new ArrayDeque<>();
    // A key written without a value: its nested mapping starts on the next, deeper line.
    Map<String, Object> parentMap = null;
    String parentKey = null;
    int parentIndent = -1;
    boolean seenContent = false;
    String[] lines = text.split("\r\n|\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      if (indent < line.length() && line.charAt(indent) == '\t') {
        throw new SyntaxException(number, "indent with spaces; tabs are not allowed in YAML indentation");
      }
      String content = line.substring(indent);
      if (content.isBlank() || content.startsWith("#")) {
        continue;
      }
      if (content.equals("---") || content.startsWith("--- ")) {
        if (seenContent || indent > 0) {
          throw new SyntaxException(number, "only one YAML document per catalog file; remove this ---");
        }
        continue;
      }
      if (content.equals("...") || content.startsWith("%")) {
        throw new SyntaxException(number, "document markers and directives are not supported; remove this line");
      }
      seenContent = true;
      Line parsed = parseLine(number, content);
      if (parentMap != null) {
        if (indent > parentIndent) {
          Map<String, Object> child = new LinkedHashMap<>();
          parentMap.put(parentKey, child);
          stack.push(new Frame(child, indent));
        }
        parentMap = null;
      }
      if (stack.isEmpty()) {
        stack.push(new Frame(root, indent));
      }
      while (stack.peek().indent > indent) {
        stack.pop();
        if (stack.isEmpty()) {
          throw new SyntaxException(number, "this line is indented less than the file's first key");
        }
      }
      Frame frame = stack.peek();
      if (frame.indent != indent) {
        throw new SyntaxException(number, "indentation matches no enclosing mapping; align this key with its siblings");
      }
      if (frame.map.containsKey(parsed.key)) {
        throw new SyntaxException(number, "duplicate key \"" + parsed.key + "\"");
      }
      frame.map.put(parsed.key, parsed.value);
      if (parsed.value == null && !parsed.explicitNull) {
        parentMap = frame.map;
        parentKey = parsed.key;
        parentIndent = indent;
      }
    }
    return root;
  }

  private static final class Line {
    final String key;
    final String value;
    final boolean explicitNull;

    Line(String key, String value, boolean explicitNull) {
      this.key = key;
      this.value = value;
      this.explicitNull = explicitNull;
    }
  }

  private static Line parseLine(int number, String content) throws SyntaxException {
    char first = content.charAt(0);
    if (first == '-' && (content.length() == 1 || content.charAt(1) == ' ')) {
      throw new SyntaxException(number, "sequences (- item) are not supported; write a mapping of key: value");
    }
    if (first == '?') {
      throw new SyntaxException(number, "complex keys (?) are not supported");
    }
    String key;
    int at;
    if (first == '"' || first == '\'') {
      Scalar quoted = quoted(number, content, 0);
      key = quoted.text;
      at = quoted.end;
      while (at < content.length() && content.charAt(at) == ' ') {
        at++;
      }
      if (at >= content.length() || content.charAt(at) != ':') {
        throw new SyntaxException(number, "expected ':' after the quoted key");
      }
    } else {
      rejectIndicator(number, first, "a key");
      at = keyEnd(content);
      if (at < 0) {
        throw new SyntaxException(number, "expected \"key: value\" or \"key:\" followed by indented lines");
      }
      key = content.substring(0, at).trim();
      if (key.isEmpty()) {
        throw new SyntaxException(number, "a key is missing before ':'");
      }
    }
    String rest = content.substring(at + 1);
    int start = 0;
    while (start < rest.length() && rest.charAt(start) == ' ') {
      start++;
    }
    if (start < rest.length() && rest.charAt(start) == '\t') {
      throw new SyntaxException(number, "use spaces, not tabs, after ':'");
    }
    if (start == rest.length() || rest.charAt(start) == '#') {
      return new Line(key, null, false);
    }
    char v = rest.charAt(start);
    if (v == '"' || v == '\'') {
      Scalar quoted = quoted(number, rest, start);
      String after = rest.substring(quoted.end).trim();
      if (!after.isEmpty() && !after.startsWith("#")) {
        throw new SyntaxException(number, "nothing but a comment may follow a quoted value");
      }
      return new Line(key, quoted.text, false);
    }
    rejectIndicator(number, v, "a value");
    if (v == '-' && start + 1 < rest.length() && rest.charAt(start + 1) == ' ') {
      throw new SyntaxException(number, "sequences (- item) are not supported");
    }
    int comment = rest.indexOf(" #", start);
    String value = (comment < 0 ? rest.substring(start) : rest.substring(start, comment)).trim();
    if (value.contains(": ") || value.endsWith(":")) {
      throw new SyntaxException(number, "a plain value may not contain \": \" or end with ':'; put the value in quotes");
    }
    if (value.equals("~") || value.equals("null") || value.equals("Null") || value.equals("NULL")) {
      return new Line(key, null, true);
    }
    return new Line(key, value, false);
  }

  /** Index of the ':' that ends a plain key (followed by a space or the end), or -1. */
  private static int keyEnd(String content) {
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ' || content.charAt(i + 1) == '\t')) {
        return i;
      }
      if (c == '#' && i > 0 && content.charAt(i - 1) == ' ') {
        return -1;
      }
    }
    return -1;
  }

  private static void rejectIndicator(int number, char c, String what) throws SyntaxException {
    switch (c) {
      case '{':
      case '[':
        throw new SyntaxException(number, "flow collections ({...}, [...]) are not supported as " + what
            + "; write nested key: value lines, or quote the text");
      case '&':
      case '*':
        throw new SyntaxException(number, "anchors and aliases (&, *) are not supported; write the value out, or quote it");
      case '!':
        throw new SyntaxException(number, "tags (!) are not supported; quote the text");
      case '|':
      case '>':
        throw new SyntaxException(number, "block scalars (| and >) are not supported; write the value on one line");
      case '@':
      case '`':
      case '%':
      case ',':
        throw new SyntaxException(number, "'" + c + "' cannot start " + what + " in YAML; quote it");
      default:
        break;
    }
  }

  private static final class Scalar {
    final String text;
    final int end;

    Scalar(String text, int end) {
      this.text = text;
      this.end = end;
    }
  }

  /** The quoted scalar starting at {@code from}; {@code end} is the index after its closing quote. */
  private static Scalar quoted(int number, String s, int from) throws SyntaxException {
    char quote = s.charAt(from);
    StringBuilder text = new StringBuilder();
    int i = from + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            text.append('\'');
            i += 2;
            continue;
          }
          return new Scalar(text.toString(), i + 1);
        }
        text.append(c);
        i++;
      } else {
        if (c == '"') {
          return new Scalar(text.toString(), i + 1);
        }
        if (c == '\\') {
          if (i + 1 >= s.length()) {
            break;
          }
          i = escape(number, s, i + 1, text);
          continue;
        }
        text.append(c);
        i++;
      }
    }
    throw new SyntaxException(number, "the quoted scalar does not end on this line; close the " + quote
        + " (multi-line scalars are not supported)");
  }

  /** Appends the escape at {@code at} (after the backslash); returns the index after it. */
  private static int escape(int number, String s, int at, StringBuilder text) throws SyntaxException {
    char e = s.charAt(at);
    switch (e) {
      case '\\':
      case '"':
      case '/':
        text.append(e);
        return at + 1;
      case 'n':
        text.append('\n');
        return at + 1;
      case 't':
        text.append('\t');
        return at + 1;
      case 'r':
        text.append('\r');
        return at + 1;
      case 'u':
        if (at + 5 <= s.length()) {
          try {
            text.append((char) Integer.parseInt(s.substring(at + 1, at + 5), 16));
            return at + 5;
          } catch (NumberFormatException ignored) {
            // reported below
          }
        }
        throw new SyntaxException(number, "\\u must be followed by four hex digits");
      default:
        throw new SyntaxException(number, "unsupported escape \\" + e
            + " in a double-quoted scalar; use \\\\, \\\", \\n, \\t, \\r or \\uXXXX, or single quotes");
    }
  }
}
