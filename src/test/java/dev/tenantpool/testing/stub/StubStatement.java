package dev.tenantpool.testing.stub;


/** A plain statement of the {@link StubDriver}; all behaviour is in {@link StubStatementBase}. */
public final class StubStatement extends StubStatementBase {
  StubStatement(StubConnection connection) {
    super(connection);
  }

  @Override
  public String toString() {
    return "StubStatement[" + connection.database().name() + "]";
  }
}
