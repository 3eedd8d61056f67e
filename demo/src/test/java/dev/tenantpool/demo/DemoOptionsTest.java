package dev.tenantpool.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void noArgumentsIsTheShowcase() throws Exception {
    DemoOptions options = DemoOptions.parse();
    assertThat(options.tenants()).isEqualTo(20);
    assertThat(options.threads()).isEqualTo(8);
    assertThat(options.durationMs()).isEqualTo(60_000);
    assertThat(options.url()).isNull();
    assertThat(options.outage()).isTrue();
    assertThat(options.port()).isEqualTo(DemoOptions.DEFAULT_PORT);
    assertThat(options.help()).isFalse();
  }

  @Test
  void readsEveryOptionInBothSpellings() throws Exception {
    DemoOptions options = DemoOptions.parse("--tenants", "50", "--threads=3", "--duration", "2m", "--no-outage",
        "--port=0", "--url", "jdbc:postgresql://db:5433/postgres?user=admin&password=s3cret");
    assertThat(options.tenants()).isEqualTo(50);
    assertThat(options.threads()).isEqualTo(3);
    assertThat(options.durationMs()).isEqualTo(120_000);
    assertThat(options.outage()).isFalse();
    assertThat(options.port()).isZero();
    assertThat(options.url()).startsWith("jdbc:postgresql://db:5433/");
    assertThat(options.toString()).doesNotContain("s3cret");
  }

  @Test
  void readsDurationsInSecondsOrMinutes() throws Exception {
    assertThat(DemoOptions.duration("90")).isEqualTo(90_000);
    assertThat(DemoOptions.duration("30s")).isEqualTo(30_000);
    assertThat(DemoOptions.duration("2M")).isEqualTo(120_000);
    assertThatThrownBy(() -> DemoOptions.duration("4s")).hasMessageContaining("from 5s to 24h");
    assertThatThrownBy(() -> DemoOptions.duration("1.5m")).hasMessageContaining("--duration");
    assertThatThrownBy(() -> DemoOptions.duration("soon")).hasMessageContaining("but was \"soon\"");
  }

  @Test
  void namesTheOptionToFix() {
    assertThatThrownBy(() -> DemoOptions.parse("--tenants", "0"))
        .isInstanceOf(UsageException.class).hasMessage("--tenants must be an integer from 1 to 200, but was \"0\"");
    assertThatThrownBy(() -> DemoOptions.parse("--threads")).hasMessageContaining("'--threads'")
        .hasMessageContaining("Missing required parameter");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "--no-outage"))
        .hasMessageContaining("Expected parameter for option '--port' but found '--no-outage'");
    assertThatThrownBy(() -> DemoOptions.parse("--tenant", "3")).hasMessageContaining("Unknown options: '--tenant'");
    assertThatThrownBy(() -> DemoOptions.parse("--threads", "many"))
        .hasMessage("--threads must be an integer from 1 to 256, but was \"many\"");
    assertThatThrownBy(() -> DemoOptions.parse("--duration", "4s")).hasMessageContaining("from 5s to 24h");
  }

  @Test
  void refusesAUrlThatIsNotPostgresqlAndMasksItsPassword() {
    assertThatThrownBy(() -> DemoOptions.parse("--url", "jdbc:mysql://db/x?password=s3cret"))
        .hasMessageContaining("--url must look like jdbc:postgresql://")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void theUsageListsEveryOptionWithItsDefault() {
    assertThat(DemoOptions.usage()).startsWith("Usage: mvn -q -f all verify -DskipTests -Pdemo")
        .contains("--tenants=N", "(default 20)", "--duration=D", "(default 60s", "--url=URL", "--no-outage",
            "--port=N", "(default", "9464; a port in use", "-h, --help");
  }

  @Test
  void helpWinsOverEverythingElse() throws Exception {
    assertThat(DemoOptions.parse("--tenants", "3", "--help").help()).isTrue();
    assertThat(DemoOptions.parse("-h").help()).isTrue();
  }
}
