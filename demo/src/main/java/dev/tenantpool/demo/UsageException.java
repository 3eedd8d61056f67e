package dev.tenantpool.demo;

/** A bad command line: the message says what to fix; {@link DemoMain} prints it with the usage. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
