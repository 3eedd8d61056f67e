package dev.tenantpool.testing.stub;

/** A plain statement of the {@link StubDriver}; all behaviour is in {@link StubStatementBase}. */
public final class StubStatement extends StubStatementBase {
  StubStatement(StubConnection connection) {
    super(connection);
  }

  @Override
  public String toString() {
    // Not the database name: it may hold a password (see StubConnection).
    return "StubStatement@" + Integer.toHexString(System.identityHashCode(this));
  }
}
