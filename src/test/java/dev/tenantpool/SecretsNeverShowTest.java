package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenantpool.testing.LogCapture;
import dev.tenantpool.testing.SecretCases;
import dev.tenantpool.testing.stub.StubDriver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No secret shows anywhere, whatever the URL's shape: generated cases ({@link SecretCases}, a
 * fixed seed, so a failure reproduces) put a unique marker in every place a secret sits in the
 * URLs and properties real drivers use, and every surface TenantPool prints is searched for it:
 * {@code toString()}s, the configuration ({@code RouterSettings}, {@code getPropertyInfo}), the
 * exceptions (22023 from the builder, a refused, declined or unknown target, TP006 from a spent
 * budget), {@code health()}, {@code stats}, {@code budgets()}, every meter id and tag, every span
 * attribute and event, and every log line (with its throwable).
 *
 * <p>Foreign drivers ({@code jdbc:sqlserver:}, {@code jdbc:oracle:}, ...) are played by a
 * {@link StubDriver} registered only for this test; pgJDBC is taken out of {@link DriverManager}
 * meanwhile, so no generated host is ever contacted. Run with {@code -Dtenantpool.secrets.seed=N}
 * and {@code -Dtenantpool.secrets.cases=N} to explore further.
 */
class SecretsNeverShowTest {
  private static final long SEED = Long.getLong("tenantpool.secrets.seed", 20_251_123L);
  private static final int CASES = Integer.getInteger("tenantpool.secrets.cases", 2_000);
  // Cases that also get a data source with pools: every POOLED_EVERY-th; of those, every
  // BUDGET_EVERY-th spends its server's budget (TP006, which waits 225 ms) and every
  // DRIVER_MANAGER_EVERY-th also connects through DriverManager.
  private static final int POOLED_EVERY = 5;
  private static final int BUDGET_EVERY = 20;
  private static final int DRIVER_MANAGER_EVERY = 10;
  private static final List<String> FOREIGN_PREFIXES = List.of("jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:",
      "jdbc:sqlserver:", "jdbc:oracle:", "jdbc:derby:", "jdbc:h2:", "jdbc:db2:", "jdbc:foo:");

  private static StubDriver foreign;
  private static final List<Driver> realDrivers = new ArrayList<>();

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Random random = new Random(SEED);
  private final Map<Integer, SecretCases.Case> cases = new HashMap<>();
  // Case number -> surface -> the first text that showed its marker.
  private final Map<Integer, Map<String, String>> leaks = new TreeMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private final Map<String, Integer> exercised = new TreeMap<>();

  @BeforeAll
  static void standInForForeignDrivers() throws SQLException {
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      for (String prefix : FOREIGN_PREFIXES) {
        if (driver.acceptsURL(prefix + "//db/app")) {
          realDrivers.add(driver);
          DriverManager.deregisterDriver(driver);
          break;
        }
      }
    }
    foreign = StubDriver.register(FOREIGN_PREFIXES.toArray(new String[0]));
  }

  @AfterAll
  static void restoreDrivers() throws SQLException {
    foreign.deregister();
    for (Driver driver : realDrivers) {
      DriverManager.registerDriver(driver);
    }
  }

  @Test
  void noSecretShowsInAnyMessageLogMetricSpanOrToString() {
    SecretCases generator = new SecretCases(SEED);
    long start = System.nanoTime();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build();
        LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < CASES; i++) {
        SecretCases.Case c = generator.next();
        cases.put(c.number(), c);
        try {
          configuration(c);
          if (i % POOLED_EVERY == 0) {
            pooled(c, sdk, i / POOLED_EVERY);
          }
        } catch (RuntimeException e) {
          unexpected.add("#" + c.number() + " " + c.url() + ": " + trace(e));
        }
        for (SpanData span : exporter.getFinishedSpanItems()) {
          search("span", span.getName() + " " + span.getAttributes() + " " + span.getStatus());
          for (EventData event : span.getEvents()) {
            search("span event", event.getName() + " " + event.getAttributes());
          }
          if (span.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().equals("server.address"))) {
            count("spans with server.address");
          }
        }
        exporter.reset();
      }
      TenantPoolDriver.closeAll();
      for (LogCapture.Event event : logs.events()) {
        count("log lines");
        search("log " + event.logger(), event.message() + " " + event.mdc() + " " + event.thrown());
      }
    }
    String report = report();
    System.out.printf("SecretsNeverShowTest: seed %d, %d cases in %d ms; exercised %s%n%s", SEED, CASES,
        (System.nanoTime() - start) / 1_000_000, exercised, report);
    assertThat(unexpected).as("cases that threw where nothing should").isEmpty();
    assertThat(leaks.size()).as("cases whose marker showed (seed %d):%n%s", SEED, report).isZero();
    // The test proves something only if the paths it claims to search were taken.
    assertThat(exercised).containsKeys("pool created", "statement span", "spans with server.address", "TP006",
        "refused", "declined", "no driver", "22023", "budget gauge", "catalog unreadable", "driver manager",
        "log lines", "replica settings", "replica refused");
  }

  @Test
  void anOracleLoginAndTheTargetPropertiesShowNeitherInTheDataSourceNorInTheRouterSettings() throws SQLException {
    String url = "jdbc:tenantpool:oracle:thin:scott/tiger@//db:1521/{tenant}";
    Properties properties = new Properties();
    properties.setProperty("user", "scott");
    properties.setProperty("password", "hunter2");
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder().url(url).properties(properties).build()) {
      assertThat(dataSource.toString()).contains("url=jdbc:oracle://db:1521/{tenant}", "password=***",
          "user=scott").doesNotContain("tiger", "hunter2");
    }
    assertThat(TenantPoolConfig.resolve(url, properties).routerSettings("r", null, null).toString())
        .contains("targetUrl=jdbc:oracle://db:1521/{tenant}", "password=***").doesNotContain("tiger", "hunter2");
  }

  /** What needs no pool: the configuration, its settings and property info, and a refused configuration. */
  private void configuration(SecretCases.Case c) {
    try {
      TenantPoolConfig config = TenantPoolConfig.resolve(c.url(), c.properties());
      search("TenantPoolConfig.toString", config);
      search("RouterSettings.toString", config.routerSettings("secrets", null, null));
      for (TenantPoolProperty property : TenantPoolProperty.values()) {
        search("setting(" + property.key() + ")", config.setting(property));
      }
    } catch (SQLException e) {
      search("configuration exception", e);
    }
    // The case's target URL, secret and all, as every tenant's read replicas (twice: a list).
    Properties replicated = c.copyOfProperties();
    replicated.setProperty("tenantpool.replicaUrl", c.targetUrl() + "," + c.targetUrl());
    try {
      TenantPoolConfig config = TenantPoolConfig.resolve(c.url(), replicated);
      search("TenantPoolConfig.toString with replicas", config);
      search("setting(tenantpool.replicaUrl)", config.setting(TenantPoolProperty.REPLICA_URL));
      search("replica RouterSettings.toString",
          config.replicaRouterSettings("secrets", 1, config.replicaTemplates().get(1), null, null, null));
      for (DriverPropertyInfo info : new TenantPoolDriver().getPropertyInfo(c.url(), replicated)) {
        search("getPropertyInfo with replicas", info.name + "=" + info.value);
      }
      count("replica settings");
    } catch (SQLException e) {
      search("replica configuration exception", e);
    }
    // A replica of another driver, carrying the secret: refused (22023) without showing it.
    Properties wrongReplica = c.copyOfProperties();
    wrongReplica.setProperty("tenantpool.replicaUrl", "jdbc:othersql://replica/" + c.marker() + "?password=" + c.marker());
    Throwable refusedReplica = catchThrowable(
        () -> TenantPoolDataSource.builder().url(c.url()).properties(wrongReplica).build().close());
    if (refusedReplica != null && String.valueOf(refusedReplica.getMessage()).contains("tenantpool.replicaUrl")) {
      count("replica refused");
    }
    search("refused replica", refusedReplica);
    try {
      for (DriverPropertyInfo info : new TenantPoolDriver().getPropertyInfo(c.url(), c.properties())) {
        search("getPropertyInfo", info.name + "=" + info.value + " " + Arrays.toString(info.choices));
      }
    } catch (SQLException e) {
      search("getPropertyInfo exception", e);
    }
    Properties bad = c.copyOfProperties();
    String[][] mistakes = {
      {"tenantpool.maximumPoolSize", "lots"}, {"tenantpool.noSuchKey", "1"}, {"tenantpool.connectionTimeout", "1"},
      {"tenantpool.minimumIdle", "9"}};
    String[] mistake = mistakes[random.nextInt(mistakes.length)];
    bad.setProperty(mistake[0], mistake[1]);
    Throwable refused = catchThrowable(
        () -> TenantPoolDataSource.builder().url(c.url()).properties(bad).build().close());
    if (refused instanceof IllegalArgumentException && refused.getCause() instanceof SQLException
        && "22023".equals(((SQLException) refused.getCause()).getSQLState())) {
      count("22023");
    }
    search("22023 message", refused == null ? null : refused.getMessage());
    search("22023 exception", refused);
  }

  /** A data source with pools: connections, statements, health, stats, budgets, meters and spans. */
  private void pooled(SecretCases.Case c, OpenTelemetrySdk sdk, int pooledNumber) {
    boolean spendBudget = pooledNumber % BUDGET_EVERY == 0;
    StubDriver.Mode mode = mode(c, spendBudget);
    foreign.mode(mode);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TenantPoolDataSource.Builder builder = TenantPoolDataSource.builder().url(c.url()).properties(c.properties())
        .meterRegistry(registry).openTelemetry(sdk)
        .property("tenantpool.maxTotalConnections", spendBudget ? "1" : "10")
        // Short where the budget is spent (its wait is 0.9 of it), generous elsewhere for a busy machine.
        .property("tenantpool.connectionTimeout", spendBudget ? "250" : "3000")
        .property("tenantpool.shutdownTimeout", "0");
    if (spendBudget) {
      builder.property("tenantpool.maximumPoolSize", "1");
    }
    TenantPoolDataSource dataSource;
    try {
      dataSource = builder.build();
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof SQLException && "08001".equals(((SQLException) e.getCause()).getSQLState())) {
        count("no driver"); // the catalog URL's
      }
      search("build exception", e);
      return;
    }
    try {
      search("TenantPoolDataSource.toString", dataSource);
      search("forTenant.toString", dataSource.forTenant("t1"));
      try (Connection connection = dataSource.getConnection("t1")) {
        count("pool created");
        search("connection", connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT 1");
          search("statement", statement);
          search("statement exception", catchThrowable(() -> statement.execute("SELECT fail")));
          count("statement span");
        }
        if (spendBudget) {
          Throwable spent = catchThrowable(() -> dataSource.getConnection("t2").close());
          if (spent instanceof SQLException && "TP006".equals(((SQLException) spent).getSQLState())) {
            count("TP006");
          }
          search("TP006", spent);
        }
        search("health()", dataSource.health());
        search("stats", dataSource.stats("t1"));
        search("budgets()", dataSource.budgets());
        meters(registry);
      } catch (SQLException e) {
        count(failure(c, mode));
        search("getConnection exception", e);
      }
      try {
        search("health(t1)", dataSource.health("t1"));
      } catch (SQLException e) {
        search("health(t1) exception", e);
      }
      search("health()", dataSource.health());
      search("budgets()", dataSource.budgets());
      meters(registry);
      dataSource.evict("t1");
      if (pooledNumber % DRIVER_MANAGER_EVERY == 0) {
        count("driver manager");
        Properties call = c.copyOfProperties();
        call.setProperty("tenantpool.tenant", "t1");
        try (Connection connection = DriverManager.getConnection(c.url(), call)) {
          search("DriverManager connection", connection);
        } catch (SQLException e) {
          search("DriverManager exception", e);
        }
        TenantPoolDriver.closeAll();
      }
    } finally {
      dataSource.close();
      foreign.mode(StubDriver.Mode.CONNECT);
    }
    meters(registry);
  }

  private StubDriver.Mode mode(SecretCases.Case c, boolean spendBudget) {
    if (c.catalog()) {
      // A catalog the stub could read would need a real table; these cases fail to read it.
      return random.nextBoolean() ? StubDriver.Mode.REFUSE : StubDriver.Mode.UNKNOWN_URL;
    }
    if (spendBudget) {
      return StubDriver.Mode.CONNECT;
    }
    int roll = random.nextInt(100);
    if (roll < 55) {
      return StubDriver.Mode.CONNECT;
    }
    return roll < 70 ? StubDriver.Mode.REFUSE : roll < 85 ? StubDriver.Mode.DECLINE : StubDriver.Mode.UNKNOWN_URL;
  }

  private static String failure(SecretCases.Case c, StubDriver.Mode mode) {
    if (c.catalog()) {
      return "catalog unreadable";
    }
    switch (mode) {
      case REFUSE:
        return "refused";
      case DECLINE:
        return "declined";
      case UNKNOWN_URL:
        return "no driver";
      default:
        return "other failure";
    }
  }

  private void meters(SimpleMeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      if (meter.getId().getName().equals("tenantpool.budget.connections")) {
        count("budget gauge");
      }
      search("meter", meter.getId() + " " + meter.getId().getDescription() + " " + meter.getId().getBaseUnit());
    }
  }

  private void count(String what) {
    exercised.merge(what, 1, Integer::sum);
  }

  /** Records every marker found in what {@code surface} shows, under the case the marker belongs to. */
  private void search(String surface, Object shown) {
    String text = shown instanceof Throwable ? trace((Throwable) shown) : String.valueOf(shown);
    int at = text.indexOf(SecretCases.MARKER);
    while (at >= 0) {
      int digits = at + SecretCases.MARKER.length();
      int end = digits;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      int number = end > digits ? Integer.parseInt(text.substring(digits, end)) : -1;
      String excerpt = text.substring(Math.max(0, at - 100), Math.min(text.length(), at + 40)).replace('\n', ' ');
      leaks.computeIfAbsent(number, n -> new TreeMap<>()).putIfAbsent(surface, excerpt);
      at = text.indexOf(SecretCases.MARKER, end);
    }
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** The leaks grouped by shape and place: which surfaces showed them, with one example each. */
  private String report() {
    Map<String, Set<String>> surfacesByKind = new TreeMap<>();
    Map<String, Integer> casesByKind = new TreeMap<>();
    Map<String, String> exampleByKind = new TreeMap<>();
    for (Map.Entry<Integer, Map<String, String>> leak : leaks.entrySet()) {
      SecretCases.Case c = cases.get(leak.getKey());
      String kind = c == null ? "unknown case " + leak.getKey() : c.shape() + " / " + c.place();
      surfacesByKind.computeIfAbsent(kind, k -> new TreeSet<>()).addAll(leak.getValue().keySet());
      casesByKind.merge(kind, 1, Integer::sum);
      exampleByKind.putIfAbsent(kind, (c == null ? "" : "#" + c.number() + " " + c.url() + " " + c.properties())
          + "\n      " + leak.getValue().entrySet().iterator().next());
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Set<String>> kind : surfacesByKind.entrySet()) {
      out.append(String.format("  %s: %d case(s), shown by %s%n    e.g. %s%n", kind.getKey(),
          casesByKind.get(kind.getKey()), kind.getValue(), exampleByKind.get(kind.getKey())));
    }
    return out.toString();
  }
}
