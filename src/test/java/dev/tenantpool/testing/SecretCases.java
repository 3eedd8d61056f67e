package dev.tenantpool.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Generates {@code jdbc:tenantpool:} URLs and property sets in the shapes real drivers use, each
 * with one secret in one place a secret can sit: the password of a URL's user info, a
 * {@code ;key=value} or {@code ?key=value} parameter, Oracle's {@code user/password@}, DB2's
 * {@code :password=...;}, a connection property, or the catalog URL. The secret holds a unique
 * marker ({@link #MARKER} followed by the case number and {@code x}), so finding
 * {@link #MARKER} anywhere is a leak and the number says which case leaked. The same seed gives
 * the same cases, so a failure reproduces.
 *
 * <p>Secrets are written as the driver expects them in their place: percent-encoded in user info
 * and queries, quoted for Oracle when they hold special characters, without {@code ;} in
 * {@code ;}-separated parameters. Around the marker they carry the characters that break naive
 * masking ({@code @ / : ; ? # , =} and more).
 */
public final class SecretCases {
  /** Every secret contains this; it must show nowhere. */
  public static final String MARKER = "S3cr3tMarker";

  /** Where a case's secret sits. */
  public enum Place {
    /** {@code //user:SECRET@host} */
    USER_INFO,
    /** {@code ;password=SECRET} (SQL Server, Derby, H2, and any driver that writes parameters after {@code ;}) */
    SEMICOLON_PARAMETER,
    /** {@code ?password=SECRET} or {@code &password=SECRET} */
    QUERY_PARAMETER,
    /** Oracle's {@code user/SECRET@} */
    ORACLE_LOGIN,
    /** DB2's {@code /db:user=x;password=SECRET;} */
    DB2_PARAMETER,
    /** A connection property such as {@code password} or {@code tenantpool.catalog.password} */
    PROPERTY,
    /** The password in {@code tenantpool.catalog}'s URL */
    CATALOG_URL
  }

  /**
   * One generated case.
   *
   * @param number the case number, also in its marker
   * @param shape the URL shape's name
   * @param place where the secret is
   * @param detail the key or form that holds it
   * @param url the {@code jdbc:tenantpool:} URL
   * @param properties the connection properties
   * @param catalog whether the case configures a catalog database
   */
  public record Case(int number, String shape, Place place, String detail, String url, Properties properties,
      boolean catalog) {
    /** The case's marker. */
    public String marker() {
      return MARKER + number + "x";
    }

    /** The target URL: {@link #url()} without {@code tenantpool:}. */
    public String targetUrl() {
      return "jdbc:" + url.substring("jdbc:tenantpool:".length());
    }

    /** Shape and place, for grouping the failures. */
    public String kind() {
      return shape + " / " + place + " (" + detail + ")";
    }

    /** A copy of the properties. */
    public Properties copyOfProperties() {
      Properties copy = new Properties();
      copy.putAll(properties);
      return copy;
    }
  }

  private static final String[] HOSTS = {
    "db", "DB.Example.COM", "10.0.0.7", "db-1.internal", "db_2", "[::1]", "[2001:db8::7]", "db-{tenant}.local"};
  private static final String[] PLAIN_HOSTS = {"db", "DB.Example.COM", "10.0.0.7", "db-1.internal"};
  private static final String[] DATABASES = {"app_{tenant}", "{tenant}", "App$1_{tenant}", "db.{tenant}", "t-{tenant}"};
  private static final String[] QUERY_KEYS = {
    "password", "PASSWORD", "pwd", "sslpassword", "sslpass", "secret", "apiToken", "accessKey", "credentials"};
  private static final String[] SEMICOLON_KEYS = {
    "password", "PASSWORD", "pwd", "secret", "trustStorePassword", "keyStoreSecret", "pass"};
  private static final String[] PROPERTY_KEYS = {
    "password", "PASSWORD", "pwd", "secret", "sslpassword", "sslpass", "tenantpool.catalog.password",
    "tenantpool.cluster.password"};
  private static final String[] HARMLESS_QUERY = {
    "sslmode=require", "connectTimeout=5", "ApplicationName=app", "currentSchema={tenant}", "tenantpool.maximumPoolSize=2"};
  private static final String[] HARMLESS_SEMICOLON = {
    "encrypt=true", "loginTimeout=5", "create=true", "trustServerCertificate=true", "user=app"};
  // Characters around the marker: what breaks parsers that look for the end of a secret.
  private static final String DECORATION = "@/:;?#,=&%!$*()[]{}\"' ~+\\";

  private static final List<Shape> SHAPES = List.of(
      new Shape("postgresql host:port", s -> "postgresql://" + s.userInfo() + s.host() + s.port(5432) + "/" + s.db() + s.query()),
      new Shape("postgresql multi-host", s -> "postgresql://" + s.hosts(5432) + "/" + s.db() + s.query()),
      new Shape("postgresql IPv6", s -> "postgresql://[::1]" + s.port(5432) + "/" + s.db() + s.query()),
      new Shape("postgresql ;params", s -> "postgresql://" + s.host() + "/" + s.db() + s.semicolonParameters()),
      new Shape("mysql", s -> "mysql://" + s.userInfo() + s.host() + s.port(3306) + "/" + s.db() + s.query()),
      new Shape("mysql loadbalance", s -> "mysql:loadbalance://" + s.userInfo() + s.hosts(3306) + "/" + s.db() + s.query()),
      new Shape("mariadb", s -> "mariadb://" + s.userInfo() + s.hosts(3306) + "/" + s.db() + s.query()),
      new Shape("sqlserver", s -> "sqlserver://" + s.plainHost() + s.port(1433) + ";databaseName=" + s.db()
          + s.semicolonParameters()),
      new Shape("sqlserver instance", s -> "sqlserver://" + s.plainHost() + "\\SQLEXPRESS" + s.semicolonParameters()
          + ";databaseName=" + s.db()),
      new Shape("oracle sid", s -> "oracle:thin:" + s.oracleLogin() + s.plainHost() + ":1521:" + s.db()),
      new Shape("oracle service", s -> "oracle:thin:" + s.oracleLogin() + "//" + s.host() + s.port(1521) + "/" + s.db()
          + s.query()),
      new Shape("oracle TNS", s -> "oracle:thin:" + s.oracleLogin() + "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST="
          + s.plainHost() + ")(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=" + s.db() + ")))"),
      new Shape("derby server", s -> "derby://" + s.host() + s.port(1527) + "/" + s.db() + ";user=app"
          + s.semicolonParameters()),
      new Shape("derby memory", s -> "derby:memory:" + s.db() + ";create=true" + s.semicolonParameters()),
      new Shape("h2 mem", s -> "h2:mem:" + s.db() + s.semicolonParameters()),
      new Shape("h2 tcp", s -> "h2:tcp://" + s.host() + s.port(9092) + "/~/" + s.db() + s.semicolonParameters()),
      new Shape("db2", s -> "db2://" + s.host() + s.port(50000) + "/" + s.db() + s.db2Parameters()),
      new Shape("unknown opaque", s -> "foo:" + s.db() + s.semicolonParameters() + s.query()),
      new Shape("unknown authority", s -> "foo://" + s.userInfo() + s.host() + s.port(7000) + "/" + s.db() + s.query()));

  private final Random random;
  private int number;

  /** Cases drawn from {@code seed}. */
  public SecretCases(long seed) {
    this.random = new Random(seed);
  }

  /** The shapes' names. */
  public static List<String> shapes() {
    List<String> names = new ArrayList<>();
    for (Shape shape : SHAPES) {
      names.add(shape.name);
    }
    return names;
  }

  /** The next case. */
  public Case next() {
    number++;
    Shape shape = SHAPES.get(random.nextInt(SHAPES.size()));
    Slots probe = new Slots(null);
    shape.render.apply(probe);
    Place place;
    int roll = random.nextInt(100);
    if (roll < 65) {
      List<Place> asked = new ArrayList<>(probe.asked);
      place = asked.get(random.nextInt(asked.size()));
    } else {
      place = roll < 88 ? Place.PROPERTY : Place.CATALOG_URL;
    }
    Slots slots = new Slots(place);
    String target = shape.render.apply(slots);
    Properties properties = new Properties();
    if (random.nextBoolean()) {
      properties.setProperty("user", "app");
    }
    if (random.nextInt(4) == 0) {
      properties.setProperty("ApplicationName", "app-{tenant}");
    }
    boolean catalog = false;
    if (place == Place.PROPERTY) {
      String key = pick(PROPERTY_KEYS);
      slots.detail = key;
      properties.setProperty(key, slots.secret(Place.PROPERTY));
      if (key.startsWith("tenantpool.catalog") && random.nextBoolean()) {
        properties.setProperty("tenantpool.catalog", "jdbc:postgresql://registry.local:5432/registry?user=cat");
        catalog = true;
      }
    } else if (place == Place.CATALOG_URL) {
      String secret = percentEncoded(slots.secret(Place.QUERY_PARAMETER));
      String url;
      switch (random.nextInt(3)) {
        case 0:
          slots.detail = "user info";
          url = "jdbc:postgresql://cat:" + secret + "@registry.local/registry";
          break;
        case 1:
          slots.detail = "?password=";
          url = "jdbc:postgresql://registry.local:5432/registry?password=" + secret;
          break;
        default:
          slots.detail = "&sslpassword=";
          url = "jdbc:postgresql://registry.local/registry?user=cat&sslpassword=" + secret + "&ssl=true";
          break;
      }
      properties.setProperty("tenantpool.catalog", url);
      catalog = true;
    }
    return new Case(number, shape.name, place, slots.detail, "jdbc:tenantpool:" + target, properties,
        catalog);
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** {@code text} with every byte but RFC 3986's unreserved characters percent-encoded. */
  static String percentEncoded(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private record Shape(String name, Function<Slots, String> render) {}

  /** The parts of one URL; the one of the case's place gets the secret. */
  private final class Slots {
    final Place place;
    final Set<Place> asked = EnumSet.noneOf(Place.class);
    String detail = "";

    Slots(Place place) {
      this.place = place;
    }

    private boolean secretHere(Place here) {
      asked.add(here);
      return place == here;
    }

    /** The marker with characters around it that {@code place} allows. */
    String secret(Place where) {
      String marker = MARKER + number + "x";
      if (random.nextInt(4) == 0) {
        return marker;
      }
      return decoration(where) + marker + decoration(where);
    }

    private String decoration(Place where) {
      StringBuilder out = new StringBuilder();
      int length = random.nextInt(3);
      while (out.length() < length) {
        char c = DECORATION.charAt(random.nextInt(DECORATION.length()));
        boolean allowed;
        switch (where) {
          case SEMICOLON_PARAMETER:
          case DB2_PARAMETER:
            allowed = c != ';' && c != '{' && c != '}';
            break;
          case ORACLE_LOGIN:
            allowed = c != '"';
            break;
          default:
            allowed = true;
        }
        if (allowed) {
          out.append(c);
        }
      }
      return out.toString();
    }

    String host() {
      return pick(HOSTS);
    }

    String plainHost() {
      return pick(PLAIN_HOSTS);
    }

    String port(int usual) {
      switch (random.nextInt(3)) {
        case 0:
          return "";
        case 1:
          return ":" + usual;
        default:
          return ":" + (1024 + random.nextInt(60000));
      }
    }

    String hosts(int usual) {
      int count = 1 + random.nextInt(3);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < count; i++) {
        out.append(i == 0 ? "" : ",").append(plainHost()).append(port(usual));
      }
      return out.toString();
    }

    String db() {
      return pick(DATABASES);
    }

    String query() {
      List<String> parameters = new ArrayList<>();
      int harmless = random.nextInt(3);
      for (int i = 0; i < harmless; i++) {
        parameters.add(pick(HARMLESS_QUERY));
      }
      if (secretHere(Place.QUERY_PARAMETER)) {
        String key = pick(QUERY_KEYS);
        int at = random.nextInt(parameters.size() + 1);
        detail = (at == 0 ? "?" : "&") + key + "=";
        parameters.add(at, key + "=" + percentEncoded(secret(Place.QUERY_PARAMETER)));
      }
      return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    String semicolonParameters() {
      List<String> parameters = new ArrayList<>();
      int harmless = random.nextInt(3);
      for (int i = 0; i < harmless; i++) {
        parameters.add(pick(HARMLESS_SEMICOLON));
      }
      if (secretHere(Place.SEMICOLON_PARAMETER)) {
        String key = pick(SEMICOLON_KEYS);
        detail = ";" + key + "=";
        parameters.add(random.nextInt(parameters.size() + 1), key + "=" + secret(Place.SEMICOLON_PARAMETER));
      }
      StringBuilder out = new StringBuilder();
      for (String parameter : parameters) {
        out.append(';').append(parameter);
      }
      return out.toString();
    }

    String userInfo() {
      if (secretHere(Place.USER_INFO)) {
        detail = "user:password@";
        return "app:" + percentEncoded(secret(Place.USER_INFO)) + "@";
      }
      switch (random.nextInt(3)) {
        case 0:
          return "";
        case 1:
          return "app@";
        default:
          return "app:pw@";
      }
    }

    String oracleLogin() {
      if (secretHere(Place.ORACLE_LOGIN)) {
        String secret = secret(Place.ORACLE_LOGIN);
        boolean plain = secret.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#');
        detail = plain ? "user/password@" : "user/\"password\"@";
        return "scott/" + (plain ? secret : "\"" + secret + "\"") + "@";
      }
      return random.nextBoolean() ? "@" : "scott/tiger@";
    }

    String db2Parameters() {
      StringBuilder out = new StringBuilder(":user=app;");
      if (secretHere(Place.DB2_PARAMETER)) {
        detail = ":password=...;";
        out.append("password=").append(secret(Place.DB2_PARAMETER)).append(';');
      }
      if (random.nextBoolean()) {
        out.append("currentSchema=S;");
      }
      return out.toString();
    }
  }
}
