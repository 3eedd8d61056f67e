package dev.tenantpool;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's architecture section true: its layer table is read here and enforced on the
 * driver's classes with ArchUnit, and module-info must export exactly the layers the README calls
 * the API. Changing the layering means changing the README, and the other way round.
 */
class ArchitectureTest {
  private static final Pattern ROW = Pattern.compile("^\\| ([A-Za-z]+) \\| (.+?) \\| .+ \\| (.+?) \\|$");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static JavaClasses classes;
  private static Map<String, Layer> layers;

  record Layer(String name, List<String> code, List<String> uses) {}

  @BeforeAll
  static void readReadmeAndClasses() throws IOException {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.tenantpool");
    layers = new LinkedHashMap<>();
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("## Architecture"), readme.indexOf("\n## ", readme.indexOf("## Architecture") + 3));
    for (String line : section.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.matches() && !row.group(1).equals("Layer")) {
        List<String> code = new ArrayList<>();
        Matcher names = CODE.matcher(row.group(2));
        while (names.find()) {
          code.add(names.group(1));
        }
        List<String> uses = row.group(3).equals("nothing") ? List.of()
            : List.of(row.group(3).split(", "));
        layers.put(row.group(1), new Layer(row.group(1), code, uses));
      }
    }
    assertThat(layers).as("layer rows of the README's architecture table").containsKeys("API", "Vocabulary", "Router");
    // A misspelt vocabulary name would silently leave that class in the API layer.
    Layer vocabulary = layers.get("Vocabulary");
    String root = vocabulary.code().get(vocabulary.code().size() - 1);
    for (String name : vocabulary.code().subList(0, vocabulary.code().size() - 1)) {
      assertThat(classes.contain(root + "." + name)).as("vocabulary class %s.%s exists", root, name).isTrue();
    }
  }

  @Test
  void everyLayerUsesOnlyTheLayersTheReadmeNames() {
    Architectures.LayeredArchitecture architecture = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (Layer layer : layers.values()) {
      architecture = architecture.layer(layer.name()).definedBy(members(layer));
    }
    for (Layer layer : layers.values()) {
      architecture = layer.uses().isEmpty()
          ? architecture.whereLayer(layer.name()).mayNotAccessAnyLayer()
          : architecture.whereLayer(layer.name()).mayOnlyAccessLayers(layer.uses().toArray(new String[0]));
    }
    architecture.check(classes);
  }

  @Test
  void everyClassBelongsToOneLayer() {
    Set<String> unplaced = new TreeSet<>();
    for (JavaClass type : classes) {
      long homes = layers.values().stream().filter(layer -> members(layer).test(type)).count();
      if (homes != 1 && !type.getSimpleName().equals("module-info") && !type.getSimpleName().equals("package-info")) {
        unplaced.add(type.getName() + " (in " + homes + " layers)");
      }
    }
    assertThat(unplaced).as("classes the README's table places in no layer, or in several").isEmpty();
  }

  @Test
  void theModuleExportsExactlyTheApiLayers() throws IOException {
    ModuleDescriptor module;
    try (InputStream in = moduleInfo()) {
      module = ModuleDescriptor.read(in);
    }
    Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    Set<String> api = new TreeSet<>();
    api.add(layers.get("API").code().get(0));
    api.add(layers.get("Hibernate").code().get(0));
    assertThat(module.name()).isEqualTo("dev.tenantpool");
    assertThat(exported).as("packages module-info exports").isEqualTo(api);
    assertThat(module.exports()).allSatisfy(export -> assertThat(export.isQualified()).isFalse());
    assertThat(module.provides()).anySatisfy(provides -> {
      assertThat(provides.service()).isEqualTo("java.sql.Driver");
      assertThat(provides.providers()).containsExactly(TenantPoolDriver.class.getName());
    });
  }

  /** The driver's module-info.class, from the classes directory or the jar the driver was loaded from. */
  private static InputStream moduleInfo() throws IOException {
    try {
      Path location = Path.of(TenantPoolDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        return Files.newInputStream(location.resolve("module-info.class"));
      }
      java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile());
      return new java.io.FilterInputStream(jar.getInputStream(jar.getEntry("module-info.class"))) {
        @Override
        public void close() throws IOException {
          super.close();
          jar.close();
        }
      };
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  @Test
  void eachLibraryIsCalledFromTheOnePackageTheReadmeSays() {
    // The Hibernate layer reads the settings of a HikariDataSource that Hibernate was given.
    noClasses().that().resideOutsideOfPackages("dev.tenantpool.pool..", "dev.tenantpool.hibernate..")
        .should().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
        .because("the README: the pool layer is the only package that calls HikariCP").check(classes);
    noClasses().that().resideOutsideOfPackages("dev.tenantpool.resilience..")
        .should().dependOnClassesThat().resideInAPackage("io.github.resilience4j..")
        .because("the README: the resilience layer is the only package that calls Resilience4j").check(classes);
    noClasses().that().resideOutsideOfPackages("dev.tenantpool.observe..")
        .should().dependOnClassesThat(DescribedPredicate.describe("are Micrometer or OpenTelemetry types other"
            + " than the MeterRegistry and OpenTelemetry the API and Hibernate layers hand through", ArchitectureTest::observability))
        .because("the README: the observe layer is the only package that calls Micrometer or OpenTelemetry")
        .check(classes);
  }

  private static boolean observability(JavaClass type) {
    String name = type.getName();
    return (name.startsWith("io.micrometer.") || name.startsWith("io.opentelemetry."))
        && !name.equals("io.micrometer.core.instrument.MeterRegistry") && !name.equals("io.opentelemetry.api.OpenTelemetry");
  }

  /**
   * The classes of a layer: a backticked package (the package itself, not its sub-packages), or
   * backticked simple names of the root package's classes (and their nested classes). The API's
   * row is the root package minus the vocabulary's classes.
   */
  private static DescribedPredicate<JavaClass> members(Layer layer) {
    if (layer.code().get(0).contains(".")) {
      String pkg = layer.code().get(0);
      Set<String> vocabulary = layer.name().equals("API") ? Set.copyOf(layers.get("Vocabulary").code()) : Set.of();
      return DescribedPredicate.describe("in " + pkg,
          type -> topLevel(type).getPackageName().equals(pkg) && !vocabulary.contains(topLevel(type).getSimpleName()));
    }
    Set<String> names = Set.copyOf(layer.code().subList(0, layer.code().size() - 1));
    String pkg = layer.code().get(layer.code().size() - 1);
    return DescribedPredicate.describe(String.join(", ", names),
        type -> topLevel(type).getPackageName().equals(pkg) && names.contains(topLevel(type).getSimpleName()));
  }

  /** The class a type's members live in: arrays count as their component type. */
  private static JavaClass topLevel(JavaClass type) {
    JavaClass top = type.isArray() ? type.getBaseComponentType() : type;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
