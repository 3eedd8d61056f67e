package dev.tenantpool.cluster;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How a server's cluster budget is split: max-min fair by demand (water-filling), then part of
 * what no instance asked for as headroom. An instance asking for less than an equal share gets
 * what it asks for; the rest is divided among the busier ones; an idle instance gets nothing while
 * others need the budget. The spare is cut into one part per instance plus one: each instance gets
 * a part (so a burst finds permits ready instead of waiting for a heartbeat) and the last part
 * stays unheld, so that a new instance finds permits at its very first heartbeat.
 *
 * <p>Deterministic: every instance computes the same split from the same rows, ties broken by
 * the order the caller gives (the table's rows sorted by instance).
 */
final class FairShares {
  private FairShares() {}

  /** The targets for {@code demands}, in the same order; their sum is at most {@code budget}. */
  static int[] split(int budget, int[] demands) {
    int n = demands.length;
    int[] shares = new int[n];
    if (n == 0) {
      return shares;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> demands[i]).thenComparingInt(i -> i));
    int remaining = budget;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      int fair = remaining / (n - k);
      shares[i] = Math.min(Math.max(0, demands[i]), fair);
      remaining -= shares[i];
    }
    // Spare: a part each, one part (and the remainder) left for a newcomer.
    int each = remaining / (n + 1);
    for (int i = 0; i < n; i++) {
      shares[i] += each;
    }
    return shares;
  }
}
