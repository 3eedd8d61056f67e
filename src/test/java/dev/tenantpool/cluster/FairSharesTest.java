package dev.tenantpool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FairSharesTest {
  @Test
  void busyInstancesSplitTheBudgetEvenly() {
    assertThat(FairShares.split(30, new int[] {20, 20, 20})).containsExactly(10, 10, 10);
  }

  @Test
  void anInstanceAskingForLessGetsWhatItAsksAndTheRestGoesToTheBusyOnes() {
    assertThat(FairShares.split(30, new int[] {0, 40, 5})).containsExactly(0, 25, 5);
  }

  @Test
  void spareIsSplitWithOnePartLeftUnheldForANewcomer() {
    int[] shares = FairShares.split(30, new int[] {0, 0});
    assertThat(shares).containsExactly(10, 10);
    assertThat(FairShares.split(30, new int[] {2})).containsExactly(16);
  }

  @Test
  void neverHandsOutMoreThanTheBudget() {
    java.util.Random random = new java.util.Random(7);
    for (int run = 0; run < 10_000; run++) {
      int[] demands = new int[1 + random.nextInt(6)];
      for (int i = 0; i < demands.length; i++) {
        demands[i] = random.nextInt(50);
      }
      int budget = random.nextInt(60);
      int[] shares = FairShares.split(budget, demands);
      assertThat(Arrays.stream(shares).sum()).isLessThanOrEqualTo(budget);
      assertThat(Arrays.stream(shares).min().orElse(0)).isNotNegative();
    }
  }
}
