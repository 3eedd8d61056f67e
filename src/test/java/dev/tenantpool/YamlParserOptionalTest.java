package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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
    try (HidingClassLoader loader = new HidingClassLoader(classes.toUri().toURL(), getClass().getClassLoader())) {
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

  /** Loads dev.tenantpool.* itself and pretends SnakeYAML Engine does not exist. */
  private static final class HidingClassLoader extends URLClassLoader {
    HidingClassLoader(URL classes, ClassLoader parent) {
      super(new URL[] {classes}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("org.snakeyaml.engine.")) {
        throw new ClassNotFoundException(name + " (hidden: SnakeYAML Engine is optional)");
      }
      if (name.startsWith("dev.tenantpool.")) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : findClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
