package dev.tenantpool.observe;

/** The {@code outcome} tag of {@code tenantpool.connection.acquire}. */
public enum AcquireOutcome {
  /** A connection was lent. */
  SUCCESS("success"),
  /** No connection within {@code tenantpool.connectionTimeout}. */
  TIMEOUT("timeout"),
  /** Refused without trying: circuit open, or the pool paused. */
  REJECTED("rejected"),
  /** The pool failed to provide one (the database refused, the pool could not be created). */
  ERROR("error");

  private final String tag;

  AcquireOutcome(String tag) {
    this.tag = tag;
  }

  /** The tag value. */
  public String tag() {
    return tag;
  }
}
