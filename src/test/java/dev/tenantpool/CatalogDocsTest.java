package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/catalog.md in step with the catalog keys and the catalog table's DDL. */
class CatalogDocsTest {

  @Test
  void documentsEveryCatalogKeyWithItsDefault() throws Exception {
    String doc = Files.readString(Path.of("docs/catalog.md"));
    for (TenantPoolProperty property : TenantPoolProperty.values()) {
      if (property.key().startsWith("tenantpool.catalog")) {
        String row = doc.lines().filter(line -> line.startsWith("| `" + property.key() + "` |")).findFirst()
            .orElseThrow(() -> new AssertionError(property.key() + " has no row in docs/catalog.md"));
        assertThat(row).endsWith(property.defaultValue() == null ? "| unset |" : "| `" + property.defaultValue() + "` |");
      }
    }
  }

  @Test
  void showsTheCatalogTableAsShipped() throws Exception {
    String ddl;
    try (InputStream in = getClass().getResourceAsStream("/dev/tenantpool/catalog/tenantpool_tenants.sql")) {
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(Path.of("docs/catalog.md"))).contains(ddl);
  }
}
