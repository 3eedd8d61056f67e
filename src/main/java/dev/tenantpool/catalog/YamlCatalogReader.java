package dev.tenantpool.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.ConstructYamlNull;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads a YAML catalog file with SnakeYAML Engine (YAML 1.2), every scalar kept as the text
 * written: {@code 0777} stays {@code "0777"}, {@code no} stays {@code "no"}, {@code 1e3} stays
 * {@code "1e3"} (a password or a database name must never be retyped). Only an empty plain value,
 * {@code ~} and {@code null} are null; an explicit tag asking for another type ({@code !!int 1})
 * is refused. Duplicate keys and more than one document are refused; aliases are limited.
 *
 * <p>Why SnakeYAML Engine: a well-kept parser of the whole language, in a package
 * ({@code org.snakeyaml.engine}) that does not clash with the SnakeYAML 1.x or 2.x an application
 * (Spring Boot) pins. It is an optional dependency of the driver: only YAML catalogs need it, and
 * {@link FileCatalog} checks for it before this class is loaded (loading it without SnakeYAML
 * Engine fails), so that a missing parser is reported by name.
 *
 * <p>Error messages name the line and the problem, never the text around it: it may hold a
 * password.
 */
final class YamlCatalogReader {
  // A catalog has no use for aliases beyond a few shared tiers; the limit keeps a hostile file
  // from expanding exponentially.
  private static final int MAX_ALIASES = 20;

  private YamlCatalogReader() {}

  /** A file YAML cannot read, with the 1-based line where reading stopped when it is known. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  /** The top-level mapping of {@code text} (empty for an empty file), scalars as text. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String text) throws SyntaxException {
    Object root;
    try {
      root = new Load(settings()).loadFromString(text);
    } catch (MarkedYamlEngineException e) {
      throw new SyntaxException(where(e) + problem(e));
    } catch (YamlEngineException e) {
      // Limits (aliases, size): their messages name the limit, not the text.
      throw new SyntaxException(e.getMessage());
    }
    if (root == null) {
      return new LinkedHashMap<>();
    }
    if (!(root instanceof Map)) {
      throw new SyntaxException("line 1: a catalog is a mapping (tenants: and tiers:), not a single value or a list");
    }
    return (Map<String, Object>) root;
  }

  private static LoadSettings settings() {
    return LoadSettings.builder()
        .setSchema(new TextSchema())
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setLabel("catalog")
        .build();
  }

  private static String where(MarkedYamlEngineException e) {
    return e.getProblemMark().or(e::getContextMark).map(mark -> "line " + line(mark) + ": ").orElse("");
  }

  /**
   * What went wrong, and where the construct it happened in started, without the snippet of the
   * file SnakeYAML appends to its messages; a quoted fragment (a character or a token it found)
   * is left out too, so no part of a value can show.
   */
  private static String problem(MarkedYamlEngineException e) {
    String context = e.getContext();
    String problem = e.getProblem();
    StringBuilder text = new StringBuilder();
    if (context != null) {
      text.append(context);
      e.getContextMark().ifPresent(mark -> text.append(" started on line ").append(line(mark)));
      if (problem != null) {
        text.append(", ");
      }
    }
    if (problem != null) {
      text.append(problem);
    }
    if (text.length() == 0) {
      return "not valid YAML";
    }
    return text.toString().replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
  }

  private static int line(Mark mark) {
    return mark.getLine() + 1;
  }

  /** Every implicit scalar is a string, but for the null spellings; no number, boolean or date. */
  private static final class TextSchema implements Schema {
    @Override
    public ScalarResolver getScalarResolver() {
      return (value, implicit) -> implicit && (value.isEmpty() || value.equals("~") || value.equals("null"))
          ? Tag.NULL : Tag.STR;
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      return Map.of(Tag.NULL, new ConstructYamlNull());
    }
  }
}
