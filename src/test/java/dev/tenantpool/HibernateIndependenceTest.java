package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.HidingClassLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hibernate is an optional dependency: the driver must load and run without it. Only
 * {@code dev.tenantpool.hibernate} may refer to {@code org.hibernate}, and no other package may
 * refer to {@code dev.tenantpool.hibernate}.
 */
class HibernateIndependenceTest {
  private static final String HIBERNATE_PACKAGE = "dev/tenantpool/hibernate/";

  private static Path classesRoot() throws Exception {
    return Path.of(TenantPoolDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Path> coreClassFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".class"))
          // The module descriptor names the Hibernate module as optional (requires static) and
          // exports the Hibernate package; it is not a class and is never loaded as one.
          .filter(f -> !f.getFileName().toString().equals("module-info.class"))
          .filter(f -> !root.relativize(f).toString().replace('\\', '/').startsWith(HIBERNATE_PACKAGE))
          .collect(Collectors.toList());
    }
  }

  @Test
  void noCoreClassRefersToHibernateOrToTheHibernatePackage() throws Exception {
    Path root = classesRoot();
    List<Path> core = coreClassFiles(root);
    assertThat(core).as("core classes found").hasSizeGreaterThan(20);
    for (Path file : core) {
      // Class files name every type they use in their constant pool, as org/hibernate/...
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as(root.relativize(file).toString())
          .doesNotContain("org/hibernate/")
          .doesNotContain(HIBERNATE_PACKAGE);
    }
  }

  @Test
  void coreClassesLoadAndADataSourceWorksWhenHibernateIsMissing() throws Exception {
    Path root = classesRoot();
    try (HidingClassLoader loader = new HidingClassLoader(root.toUri().toURL(), getClass().getClassLoader(),
        List.of("org.hibernate.", "dev.tenantpool.hibernate."), "Hibernate is optional")) {
      for (Path file : coreClassFiles(root)) {
        String name = root.relativize(file).toString().replace('\\', '/').replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.equals(TenantPoolDriver.class.getName())) {
          continue; // its static block registers with DriverManager; its members are checked below
        }
        Class<?> type = Class.forName(name, false, loader);
        assertThat(type.getClassLoader()).isSameAs(loader);
        // Resolves every type in the members' signatures; a Hibernate type would fail here.
        type.getDeclaredMethods();
        type.getDeclaredFields();
        type.getDeclaredConstructors();
      }
      Class.forName(TenantPoolDriver.class.getName(), false, loader).getDeclaredMethods();

      Class<?> dataSourceType = Class.forName(TenantPoolDataSource.class.getName(), true, loader);
      Object builder = dataSourceType.getMethod("builder").invoke(null);
      builder.getClass().getMethod("url", String.class)
          .invoke(builder, "jdbc:tenantpool:postgresql://localhost:1/app_{tenant}");
      Object dataSource = builder.getClass().getMethod("build").invoke(builder);
      assertThat(dataSourceType.getMethod("poolCount").invoke(dataSource)).isEqualTo(0);
      dataSourceType.getMethod("close").invoke(dataSource);
    }
  }
}
