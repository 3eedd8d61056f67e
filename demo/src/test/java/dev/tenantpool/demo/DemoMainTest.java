package dev.tenantpool.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
  }

  @Test
  void badOptionsGetTheUsageAndExitCodeTwoWithoutAStackTrace() {
    assertThat(run("--tenants", "lots")).isEqualTo(2);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed).startsWith("demo: --tenants must be an integer").contains("Usage: ").contains("--no-outage");
    assertThat(printed).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ").contains("--duration");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void explainsAFailureByItsMessagesAndCauses() {
    Exception failure = new IllegalStateException("could not start", new java.io.IOException("disk full"));
    assertThat(DemoMain.explain(failure)).isEqualTo("could not start; caused by: disk full");
  }
}
