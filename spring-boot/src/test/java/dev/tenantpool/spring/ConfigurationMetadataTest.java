package dev.tenantpool.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.tenantpool.TenantPoolDriver;
import dev.tenantpool.TenantPoolProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keeps the IDE metadata of the driver's keys in step with {@link TenantPoolProperty}:
 * {@code additional-spring-configuration-metadata.json} must be what this test generates from the
 * enum (a new key fails the build until the file is regenerated; the expected file is written to
 * {@code target/metadata/} to be copied), and the metadata Boot's processor merges must list every
 * key the starter binds and nothing it would refuse.
 */
class ConfigurationMetadataTest {
  private static final Path SOURCE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
  private static final Path EXPECTED = Path.of("target/metadata/additional-spring-configuration-metadata.json");

  /** The driver's keys as Boot metadata: name, type, description and default of each. */
  static String expectedJson() throws SQLException {
    Map<String, DriverPropertyInfo> infos = new TreeMap<>();
    for (DriverPropertyInfo info : new TenantPoolDriver().getPropertyInfo("jdbc:none:", new Properties())) {
      infos.put(info.name, info);
    }
    List<String> properties = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      String name = TenantPoolProperties.PREFIX + "." + TenantPoolKeys.bootName(property);
      String type = type(property, infos.get(property.key()));
      StringBuilder entry = new StringBuilder()
          .append("    {\n")
          .append("      \"name\": ").append(quoted(name)).append(",\n")
          .append("      \"type\": ").append(quoted(type)).append(",\n")
          .append("      \"description\": ").append(quoted(property.description() + " (" + property.key() + ")"));
      if (property.defaultValue() != null) {
        entry.append(",\n      \"defaultValue\": ").append(type.equals("java.lang.String")
            ? quoted(property.defaultValue()) : property.defaultValue());
      }
      properties.add(entry.append("\n    }").toString());
      String[] choices = infos.get(property.key()).choices;
      if (choices != null && !type.equals("java.lang.Boolean")) {
        StringBuilder hint = new StringBuilder().append("    {\n      \"name\": ").append(quoted(name))
            .append(",\n      \"values\": [\n");
        for (int i = 0; i < choices.length; i++) {
          hint.append("        {\n          \"value\": ").append(quoted(choices[i])).append("\n        }")
              .append(i + 1 < choices.length ? ",\n" : "\n");
        }
        hints.add(hint.append("      ]\n    }").toString());
      }
    }
    properties.add("    {\n"
        + "      \"name\": \"" + TenantPoolProperties.PREFIX + ".tier\",\n"
        + "      \"type\": \"java.util.Map<java.lang.String,java.lang.String>\",\n"
        + "      \"description\": " + quoted("Tiers: tier.<name>.<key> sets one of the tenant-scoped keys ("
            + tenantScoped() + ") for the tenants of tier <name> (tenantpool.tier.<name>.<key>).") + "\n"
        + "    }");
    return "{\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n"
        + String.join(",\n", hints) + "\n  ]\n}\n";
  }

  // Boolean for true/false keys, Long for durations (milliseconds), Integer for other numbers.
  private static String type(TenantPoolProperty property, DriverPropertyInfo info) {
    if (info.choices != null && Arrays.asList(info.choices).equals(List.of("true", "false"))) {
      return "java.lang.Boolean";
    }
    if (property.defaultValue() != null && property.defaultValue().matches("-?\\d+")) {
      return property.description().startsWith("Milliseconds") ? "java.lang.Long" : "java.lang.Integer";
    }
    return "java.lang.String";
  }

  private static String tenantScoped() {
    List<String> names = new ArrayList<>();
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      if (property.isTenantScoped()) {
        names.add(TenantPoolKeys.bootName(property));
      }
    }
    return String.join(", ", names);
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Test
  void theAdditionalMetadataIsGeneratedFromTheDriversKeys() throws Exception {
    String expected = expectedJson();
    Files.createDirectories(EXPECTED.getParent());
    Files.writeString(EXPECTED, expected, StandardCharsets.UTF_8);
    String actual = Files.readString(SOURCE, StandardCharsets.UTF_8);
    if (!actual.equals(expected)) {
      throw new AssertionError(SOURCE + " is out of date with TenantPoolProperty; copy " + EXPECTED + " over it");
    }
  }

  @Test
  void bootsMergedMetadataDocumentsEveryKeyTheStarterBindsAndNoOther() throws IOException {
    String merged;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      merged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> names = JsonPath.read(merged, "$.properties[*].name");
    List<String> ours = new ArrayList<>();
    for (String name : names) {
      if (name.startsWith(TenantPoolProperties.PREFIX + ".")) {
        ours.add(name.substring(TenantPoolProperties.PREFIX.length() + 1));
      }
    }
    List<String> expected = new ArrayList<>(TenantPoolKeys.STARTER_KEYS);
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      expected.add(TenantPoolKeys.bootName(property));
    }
    expected.add("tier");
    assertThat(ours).containsExactlyInAnyOrderElementsOf(expected);
    for (String name : names) {
      List<String> descriptions = JsonPath.read(merged, "$.properties[?(@.name == '" + name + "')].description");
      assertThat(descriptions).as("description of %s", name).singleElement().asString().isNotBlank();
    }
  }

  @Test
  void bootNamesAreTheKeysInKebabCase() {
    assertThat(TenantPoolKeys.bootName(TenantPoolProperty.MAXIMUM_POOL_SIZE)).isEqualTo("maximum-pool-size");
    assertThat(TenantPoolKeys.bootName(TenantPoolProperty.BREAKER_FAILURE_RATE_THRESHOLD)).isEqualTo("breaker.failure-rate-threshold");
    assertThat(TenantPoolKeys.bootName(TenantPoolProperty.HIBERNATE_ROOT_TENANT)).isEqualTo("hibernate.root-tenant");
    assertThat(TenantPoolKeys.bootName(TenantPoolProperty.REGISTER_MBEANS)).isEqualTo("register-mbeans");
    assertThat(TenantPoolKeys.bootName(TenantPoolProperty.TRACING_SLOW_ACQUIRE_THRESHOLD)).isEqualTo("tracing.slow-acquire-threshold");
  }
}
