package dev.tenantpool.catalog;

import dev.tenantpool.TenantPoolSqlState;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A catalog in a properties or YAML file, chosen by the file's extension. The file is read when
 * the catalog opens (an unreadable or unparsable file is an error then) and again whenever its
 * modification time or size changes, checked every {@code refreshInterval}; a later version that
 * does not parse is logged and the last good one stays in force. The checks and re-reads run on the
 * catalog's own thread, like a table catalog's, so a slow file system never holds the shared
 * scheduler. A tenant missing from a reading (a file read while it is being written) is removed
 * only once readings for a second confirm it (see {@link RefreshingCatalog}).
 *
 * <pre>
 * # tenants.properties                     # tenants.yaml
 * tenants.acme.url=jdbc:postgresql://...   tenants:
 * tenants.acme.tier=pro                      acme:
 * tiers.pro.maximumPoolSize=20                 url: jdbc:postgresql://...
 *                                              tier: pro
 *                                          tiers:
 *                                            pro:
 *                                              maximumPoolSize: 20
 * </pre>
 */
final class FileCatalog extends RefreshingCatalog {
  static final String SCHEME = "file:";
  private static final String TENANTS = "tenants";
  private static final String TIERS = "tiers";

  private final Path path;
  private static final String YAML_PARSER_ARTIFACT = "org.snakeyaml:snakeyaml-engine";
  private static final String YAML_PARSER_CLASS = "org.snakeyaml.engine.v2.api.Load";
  private final boolean yaml;
  private final String description;
  private FileTime readModified;
  private long readSize = -1;

  private FileCatalog(Path path, boolean yaml, String description) {
    this.path = path;
    this.yaml = yaml;
    this.description = description;
  }

  static FileCatalog open(CatalogSettings settings, ScheduledExecutorService scheduler) throws SQLException {
    String location = settings.source().substring(SCHEME.length());
    if (location.startsWith("//")) {
      location = location.substring(2); // file:///etc/tenants.yaml
    }
    String lower = location.toLowerCase(java.util.Locale.ROOT);
    boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml");
    if (!yaml && !lower.endsWith(".properties")) {
      throw invalid("tenantpool.catalog file " + location + " must end in .properties, .yaml or .yml");
    }
    FileCatalog catalog = new FileCatalog(Path.of(location), yaml, SCHEME + location);
    catalog.publish(catalog.read());
    catalog.start(scheduler, settings.refreshIntervalMs(), settings.refreshIntervalMs());
    return catalog;
  }

  /**
   * Whether SnakeYAML Engine, an optional dependency, can be loaded. Asked here, by name: merely
   * loading {@link YamlCatalogReader} without it would fail with a NoClassDefFoundError.
   */
  static boolean yamlParserPresent(ClassLoader loader) {
    try {
      Class.forName(YAML_PARSER_CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** A YAML catalog without the parser it needs on the class path: the message names the artifact. */
  static SQLException missingYamlParser(String description) {
    return invalid("tenant catalog " + description + " is YAML, which needs " + YAML_PARSER_ARTIFACT
        + " (3.x) on the class path (on the module path: --add-modules org.snakeyaml.engine): add that dependency,"
        + " or write the catalog as a .properties file");
  }

  private static SQLException invalid(String message) {
    return TenantPoolSqlState.INVALID_CONFIGURATION.exception(message);
  }

  @Override
  public TenantSpec lookup(String tenant) {
    return content().tenant(tenant);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  void tick() {
    try {
      // A tenant missing from the last reading is confirmed (or found again) by another reading
      // even when the file looks unchanged.
      if (Files.getLastModifiedTime(path).equals(readModified) && Files.size(path) == readSize && !removalCheckDue()) {
        return;
      }
    } catch (IOException e) {
      LOG.warn("tenant catalog {}: cannot check the file ({}); the last version read stays in force", description, e.toString());
      return;
    }
    try {
      publish(read());
    } catch (SQLException e) {
      LOG.error("{}; the last version read stays in force", e.getMessage());
    }
  }

  /** Reads and parses the file; 22023 naming the file (and line) when it cannot. */
  CatalogContent read() throws SQLException {
    if (yaml && !yamlParserPresent(FileCatalog.class.getClassLoader())) {
      throw missingYamlParser(description);
    }
    String text;
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      long size = Files.size(path);
      byte[] bytes = Files.readAllBytes(path);
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      readModified = modified;
      readSize = size;
    } catch (CharacterCodingException e) {
      throw invalid("tenant catalog " + description + " is not UTF-8 text");
    } catch (IOException e) {
      throw invalid("tenant catalog " + description + " cannot be read: " + e);
    }
    try {
      return yaml ? fromYaml(text) : fromProperties(text);
    } catch (YamlCatalogReader.SyntaxException e) {
      throw invalid("tenant catalog " + description + ", " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw invalid("tenant catalog " + description + ": " + e.getMessage());
    }
  }

  static CatalogContent fromProperties(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      // Properties reports a malformed \\uXXXX escape with the raw text; say only where to look.
      throw new IllegalArgumentException("malformed \\u escape; check the file's backslashes", e);
    }
    Map<String, Map<String, String>> tenants = new TreeMap<>();
    Map<String, Map<String, String>> tiers = new TreeMap<>();
    for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      Map<String, Map<String, String>> section;
      String rest;
      if (key.startsWith(TENANTS + ".")) {
        section = tenants;
        rest = key.substring(TENANTS.length() + 1);
      } else if (key.startsWith(TIERS + ".")) {
        section = tiers;
        rest = key.substring(TIERS.length() + 1);
      } else {
        throw new IllegalArgumentException("key " + key + " must start with tenants.<tenant>. or tiers.<tier>.");
      }
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        throw new IllegalArgumentException("key " + key + " must name an entry and a field, e.g. tenants.acme.url or tiers.pro.maximumPoolSize");
      }
      section.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), emptyAsAbsent(properties.getProperty(key)));
    }
    CatalogContent.Builder content = new CatalogContent.Builder();
    tenants.forEach(content::tenant);
    tiers.forEach(content::tier);
    return content.build();
  }

  /** {@code tenants.acme.url=} lists acme without a URL of its own, as {@code url:} does in YAML. */
  private static String emptyAsAbsent(String value) {
    return value.isEmpty() ? null : value;
  }

  static CatalogContent fromYaml(String text) throws YamlCatalogReader.SyntaxException {
    Map<String, Object> root = YamlCatalogReader.parse(text);
    CatalogContent.Builder content = new CatalogContent.Builder();
    for (Map.Entry<String, Object> section : root.entrySet()) {
      boolean isTenants = section.getKey().equals(TENANTS);
      if (!isTenants && !section.getKey().equals(TIERS)) {
        throw new IllegalArgumentException("unknown top-level key \"" + section.getKey() + "\"; a catalog has tenants: and tiers:");
      }
      if (section.getValue() == null) {
        continue;
      }
      if (!(section.getValue() instanceof Map)) {
        throw new IllegalArgumentException(section.getKey() + ": must be a mapping of entries, not a value or a list");
      }
      for (Map.Entry<String, Object> entry : asMap(section.getValue()).entrySet()) {
        Object value = entry.getValue();
        if (value != null && !(value instanceof Map)) {
          String problem = "the entry must be a mapping of fields (url, user, password, tier, pool keys), not a value"
              + " or a list";
          if (isTenants) {
            content.malformedTenant(entry.getKey(), problem);
          } else {
            content.malformedTier(entry.getKey(), problem);
          }
          continue;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (value != null) {
          flatten("", asMap(value), fields);
        }
        if (isTenants) {
          content.tenant(entry.getKey(), fields);
        } else {
          content.tier(entry.getKey(), fields);
        }
      }
    }
    return content.build();
  }

  /** {@code breaker: {waitInOpen: 5000}} becomes {@code breaker.waitInOpen=5000}. */
  private static void flatten(String prefix, Map<String, Object> map, Map<String, String> into) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Map) {
        flatten(key + ".", asMap(value), into);
      } else if (value == null || value instanceof String) {
        into.put(key, (String) value);
      } else if (value instanceof java.util.List && key.equals("replicas")) {
        // replicas: [jdbc:..., jdbc:...] is the one list a catalog entry has, in the form the
        // properties file writes it (comma-separated URLs).
        StringBuilder joined = new StringBuilder();
        for (Object item : (java.util.List<?>) value) {
          if (!(item instanceof String)) {
            throw new IllegalArgumentException("field replicas must list JDBC URLs, not mappings or lists");
          }
          joined.append(joined.length() == 0 ? "" : ",").append(((String) item).trim());
        }
        into.put(key, joined.toString());
      } else {
        throw new IllegalArgumentException("field " + key + " must be a value or a mapping, not a list");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
