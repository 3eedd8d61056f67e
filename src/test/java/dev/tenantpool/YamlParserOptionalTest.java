package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.HidingClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnakeYAML Engine is an optional dependency: only YAML catalogs need it. Without it on the class
 * path the driver loads and runs, and a data source given a YAML catalog fails at once with a
 * message that names the artifact to add.
 */
class YamlParserOptionalTest {

  @Test
  void aYamlCatalogWithoutSnakeYamlEngineNamesTheArtifactToAdd(@TempDir Path dir) throws Exception {
    Path catalog = dir.resolve("tenants.yaml");
    Files.writeString(catalog, "tenants:\n  acme:\n    tier: pro\n");
    Path classes = Path.of(TenantPoolDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (HidingClassLoader loader = new HidingClassLoader(classes.toUri().toURL(), getClass().getClassLoader(),
        List.of("org.snakeyaml.engine."), "SnakeYAML Engine is optional")) {
      Class<?> dataSourceType = Class.forName(TenantPoolDataSource.class.getName(), true, loader);
      Object builder = dataSourceType.getMethod("builder").invoke(null);
      builder.getClass().getMethod("url", String.class)
          .invoke(builder, "jdbc:tenantpool:postgresql://localhost:1/app_{tenant}");
      builder.getClass().getMethod("property", String.class, String.class)
          .invoke(builder, "tenantpool.catalog", "file:" + catalog);
      assertThatThrownBy(() -> {
        try {
          builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }).isInstanceOf(IllegalArgumentException.class) // the builder's edge; the driver's is the SQLException
          .hasMessageContaining("is YAML, which needs org.snakeyaml:snakeyaml-engine")
          .hasMessageContaining(".properties file")
          .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("22023"));
    }
  }
}
