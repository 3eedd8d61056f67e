package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.catalog.TenantSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaUrlsTest {
  @Test
  void aCommaSeparatesTwoUrlsOnlyWhereTheNextOneStarts() {
    assertThat(ReplicaUrls.split("jdbc:postgresql://r1,r2:5433/app_{tenant}?targetServerType=any, jdbc:postgresql://r3/app"))
        .containsExactly("jdbc:postgresql://r1,r2:5433/app_{tenant}?targetServerType=any", "jdbc:postgresql://r3/app");
    assertThat(ReplicaUrls.split(" ")).isEmpty();
    assertThat(ReplicaUrls.split(null)).isEmpty();
  }

  @Test
  void aJsonArrayOfStringsIsAListToo() {
    assertThat(ReplicaUrls.split("[\"jdbc:postgresql://r1/a\", \"jdbc:postgresql://r2/a\"]"))
        .containsExactly("jdbc:postgresql://r1/a", "jdbc:postgresql://r2/a");
    assertThat(ReplicaUrls.split("[]")).isEmpty();
  }

  @Test
  void aReplicaMustBeATargetUrlOfTheSameSubprotocol() {
    assertThat(ReplicaUrls.problem("jdbc:postgresql://r1/a", "postgresql")).isNull();
    assertThat(ReplicaUrls.problem("jdbc:mysql://r1/a", "postgresql")).contains("jdbc:postgresql:", "jdbc:mysql:");
    assertThat(ReplicaUrls.problem("jdbc:tenantpool:postgresql://r1/a", "postgresql")).contains("not jdbc:tenantpool:");
    assertThat(ReplicaUrls.problem("r1/a?password=hunter2", "postgresql")).doesNotContain("hunter2");
  }

  @Test
  void printedReplicaListsShowNoPassword() {
    assertThat(ReplicaUrls.printable("jdbc:postgresql://r1/a?password=hunter2,jdbc:postgresql://u:hunter2@r2/a"))
        .doesNotContain("hunter2").contains("r1", "r2");
    TenantSpec spec = new TenantSpec("acme", null, null, null, null,
        Map.of("replicas", "[\"jdbc:postgresql://r1/a?password=hunter2\", \"jdbc:postgresql://r2/a;password=hunter2\"]"), null);
    assertThat(spec.toString()).doesNotContain("hunter2").contains("replicas=jdbc:postgresql://r1/a,jdbc:postgresql://r2/a");
  }
}
