package dev.tenantpool.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar in a fresh JVM where nothing has loaded TenantPool's classes, the two ways
 * applications load it: on the class path (an unnamed module: everything visible; DriverManager
 * finds the driver through {@code META-INF/services/java.sql.Driver} alone, with no
 * {@code Class.forName}) and on the module path (the module {@code dev.tenantpool}, found through
 * its {@code provides}, exporting only the API). Both route a tenant to its database, with only
 * the jars an application has at run time (and the probe's classes).
 */
class ModulePathIT {
  private static final TestDatabase DB = TestDatabase.get();
  // What an application that uses TenantPool and PostgreSQL has at run time: the driver's
  // required dependencies (and theirs) and pgJDBC. Matched by jar name on the test class path.
  private static final List<String> RUNTIME_JARS = List.of("HikariCP-", "resilience4j-", "micrometer-core-",
      "micrometer-commons-", "micrometer-observation-", "HdrHistogram-", "LatencyUtils-", "opentelemetry-api-",
      "opentelemetry-context-", "slf4j-api-", "postgresql-");

  @Test
  void onTheClassPathTheDriverIsInTheUnnamedModule() throws Exception {
    String out = probe(List.of("-cp", join(runtime(true))));
    // On the class path nothing is hidden: module-info is ignored, as the README says.
    assertThat(out).contains("driver=dev.tenantpool.TenantPoolDriver", "module=unnamed", "internalsCallable=true",
        "tenant=t0");
  }

  @Test
  void onTheModulePathTheDriverIsTheNamedModuleAndHidesItsInternals() throws Exception {
    List<String> modules = runtime(false);
    String out = probe(List.of("--module-path", join(modules), "--add-modules", "ALL-MODULE-PATH",
        "-cp", probeClasses().toString()));
    assertThat(out)
        .contains("driver=dev.tenantpool.TenantPoolDriver", "module=dev.tenantpool\n", "tenant=t0")
        .contains("internalsCallable=false")
        .doesNotContain("(automatic)");
  }

  /** The runtime jars, TenantPool first. */
  private static List<String> runtime(boolean withProbe) throws Exception {
    List<String> entries = new ArrayList<>();
    entries.add(tenantPoolJar().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.endsWith(".jar") && RUNTIME_JARS.stream().anyMatch(name::startsWith)) {
        entries.add(entry);
      }
    }
    if (withProbe) {
      entries.add(probeClasses().toString());
    }
    return entries;
  }

  /** The packaged jar this JVM loaded TenantPool from (failsafe runs the ITs on the jar, not the classes). */
  private static Path tenantPoolJar() throws Exception {
    Path jar = Path.of(dev.tenantpool.TenantPoolDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar.getFileName().toString()).as("TenantPool loaded from the packaged jar").endsWith(".jar");
    return jar;
  }

  private static Path probeClasses() throws Exception {
    return Path.of(ModuleProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String join(List<String> entries) {
    return String.join(File.pathSeparator, entries);
  }

  private static String probe(List<String> loading) throws Exception {
    DB.tenants("modpath", 1);
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(loading);
    command.add(ModuleProbe.class.getName());
    command.add(DB.tenantPoolUrl("modpath_{tenant}?tenantpool.tenant=t0"));
    command.add(DB.user());
    command.add(DB.password());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Process probe = builder.start();
    boolean finished = probe.waitFor(2, TimeUnit.MINUTES);
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      probe.destroyForcibly();
    }
    assertThat(finished).as("the probe JVM finished; output:%n%s", output).isTrue();
    assertThat(probe.exitValue()).as("exit code; output:%n%s", output).isZero();
    return output;
  }
}
