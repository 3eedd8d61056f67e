package dev.tenantpool;

import dev.tenantpool.testing.TenantLoad;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One application instance of {@code ClusterBudgetIT}, run in a JVM of its own: a
 * TenantPoolDataSource built as the README says, plus the cluster keys, with load on its own
 * tenants. Prints one status line a second ({@code status ops=.. failed=.. share=.. used=..}) and a
 * {@code done} line when its time is up.
 *
 * <p>Arguments: tenant URL template, user, password, coordination URL, budget, heartbeat ms,
 * comma-separated tenants, threads, seconds to run, instance name.
 */
public final class ClusterBudgetInstance {
  private ClusterBudgetInstance() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    String coordination = args[3];
    List<String> tenants = Arrays.asList(args[6].split(","));
    int threads = Integer.parseInt(args[7]);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[8]));
    try (TenantPoolDataSource dataSource = TenantPoolDataSource.builder()
        .url(url)
        .username(user)
        .password(password)
        .property("tenantpool.maximumPoolSize", "4")
        .property("tenantpool.connectionTimeout", "10000")
        .property("tenantpool.clusterBudget", args[4])
        .property("tenantpool.cluster.url", coordination)
        .property("tenantpool.cluster.user", user)
        .property("tenantpool.cluster.password", password)
        .property("tenantpool.cluster.heartbeatInterval", args[5])
        .property("tenantpool.cluster.instance", args[9])
        .build()) {
      TenantLoad load = new TenantLoad(dataSource, tenants, threads);
      while (System.nanoTime() < end) {
        Thread.sleep(1000);
        int share = 0;
        int used = 0;
        for (TenantPoolDataSource.BudgetStats budget : dataSource.budgets()) {
          share += budget.max();
          used += budget.used();
        }
        System.out.println("status ops=" + load.operations() + " failed=" + load.failures() + " share=" + share
            + " used=" + used);
      }
      load.stop();
      System.out.println("done ops=" + load.operations() + " failed=" + load.failures());
    }
  }
}
