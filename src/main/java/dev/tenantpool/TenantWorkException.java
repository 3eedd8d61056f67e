package dev.tenantpool;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by {@link TenantPoolDataSource#forEachTenant} after every tenant had its turn, when the
 * work failed for one or more of them. The message names each failed tenant with a one-line
 * reason; each tenant's exception is attached with {@link #addSuppressed} (in the order the
 * tenants ran) and available by tenant from {@link #failures()}.
 */
public final class TenantWorkException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_REASON = 200;

  private final transient Map<String, Exception> failures;
  private final transient List<String> succeeded;
  private final transient List<String> skipped;

  TenantWorkException(Map<String, Exception> failures, List<String> succeeded, List<String> skipped) {
    super(message(failures, succeeded, skipped));
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    this.succeeded = List.copyOf(succeeded);
    this.skipped = List.copyOf(skipped);
    for (Exception failure : failures.values()) {
      addSuppressed(failure);
    }
  }

  /** Each failed tenant with its exception, in the order the tenants ran. */
  public Map<String, Exception> failures() {
    return failures;
  }

  /** The tenants whose work completed, in the order they ran. */
  public List<String> succeeded() {
    return succeeded;
  }

  /** The tenants never started because the thread was interrupted; empty otherwise. */
  public List<String> skipped() {
    return skipped;
  }

  private static String message(Map<String, Exception> failures, List<String> succeeded, List<String> skipped) {
    int total = failures.size() + succeeded.size() + skipped.size();
    StringBuilder text = new StringBuilder("work failed for ")
        .append(failures.size()).append(" of ").append(total).append(" tenants: ");
    String separator = "";
    for (Map.Entry<String, Exception> failure : failures.entrySet()) {
      text.append(separator).append(failure.getKey()).append(" (").append(reason(failure.getValue())).append(')');
      separator = ", ";
    }
    if (!skipped.isEmpty()) {
      text.append("; interrupted, so ").append(skipped.size()).append(" tenants did not run: ")
          .append(String.join(", ", skipped));
    }
    return text.toString();
  }

  /** "SQLException 3D000: database "x" does not exist", cut to a readable length. */
  private static String reason(Exception failure) {
    StringBuilder reason = new StringBuilder(failure.getClass().getSimpleName());
    if (failure instanceof SQLException && ((SQLException) failure).getSQLState() != null) {
      reason.append(' ').append(((SQLException) failure).getSQLState());
    }
    String message = failure.getMessage();
    if (message != null) {
      String line = message.strip().replace('\n', ' ');
      reason.append(": ").append(line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line);
    }
    return reason.toString();
  }
}
