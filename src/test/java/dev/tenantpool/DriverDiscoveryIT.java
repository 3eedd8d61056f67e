package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The driver is found by {@link java.sql.DriverManager} through its service file, with no
 * {@code Class.forName}: checked in a fresh JVM where nothing has loaded TenantPool's classes.
 */
class DriverDiscoveryIT {
  private static final TestDatabase DB = TestDatabase.get();

  @Test
  void aFreshJvmFindsTheDriverThroughDriverManagerAlone() throws Exception {
    DB.tenants("disc", 1);
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder = new ProcessBuilder(List.of(
        java,
        "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        DriverDiscoveryProbe.class.getName(),
        DB.tenantPoolUrl("disc_{tenant}?tenantpool.tenant=t0"),
        DB.user(),
        DB.password()));
    builder.redirectErrorStream(true);
    Process probe = builder.start();
    boolean finished = probe.waitFor(2, TimeUnit.MINUTES);
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      probe.destroyForcibly();
    }
    assertThat(finished).as("the probe JVM finished; output:%n%s", output).isTrue();
    assertThat(probe.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("driver=dev.tenantpool.TenantPoolDriver", "tenant=t0");
  }
}
