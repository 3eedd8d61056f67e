package dev.tenantpool.router;

import dev.tenantpool.proxy.TenantConnection;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The last step of every borrow, fast or slow: the pool's connection wrapped for the application
 * and its acquisition recorded, or, when our own bookkeeping fails, given back to the pool.
 */
final class Lending {
  private Lending() {}

  /** The connection the application gets for {@code pooled}, its acquisition recorded. */
  static Connection lent(TenantEntry entry, Connection pooled, String borrowedUnder, long now, long nanos) {
    try {
      entry.telemetry.acquired(nanos);
      entry.used();
      return new TenantConnection(pooled, entry, borrowedUnder, now);
    } catch (RuntimeException | Error e) {
      // Our own bookkeeping failed (a listener, a meter registry, an incompatible library
      // version): the caller gets the exception, and the pool gets its connection back.
      returnQuietly(pooled, e);
      throw e;
    }
  }

  /** As {@link #lent}, with the success recorded by the breaker first. */
  static Connection recorded(TenantEntry entry, Connection pooled, String borrowedUnder, long now, long nanos) {
    try {
      entry.breaker.onSuccess(nanos);
    } catch (RuntimeException | Error e) {
      returnQuietly(pooled, e);
      throw e;
    }
    return lent(entry, pooled, borrowedUnder, now, nanos);
  }

  static void returnQuietly(Connection pooled, Throwable failure) {
    try {
      pooled.close();
    } catch (SQLException | RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
