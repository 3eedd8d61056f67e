package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.testing.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TenantPool behind a real PgBouncer in transaction mode, in front of the test PostgreSQL on a
 * loopback port. Runs where the {@code pgbouncer} binary exists (Debian: {@code apt-get install
 * pgbouncer}); skipped with that reason elsewhere.
 */
class PgBouncerIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final String PREFIX = "pgb";
  private static final int SERVER_POOL_SIZE = 2;
  private static Path work;
  private static Process bouncer;
  private static int port;

  static Path pgbouncerBinary() {
    for (String candidate : new String[] {"/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "pgbouncer");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  @BeforeAll
  static void startPgBouncer() throws Exception {
    Path binary = pgbouncerBinary();
    Assumptions.assumeTrue(binary != null,
        "pgbouncer is not installed; on Debian: apt-get install -y pgbouncer (the test then runs it on a loopback port)");
    DB.tenants(PREFIX, 3);
    work = Files.createTempDirectory("tenantpool-pgbouncer");
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Files.writeString(work.resolve("userlist.txt"), "\"" + DB.user() + "\" \"" + DB.password() + "\"\n");
    Files.writeString(work.resolve("pgbouncer.ini"), String.join("\n",
        "[databases]",
        "* = host=" + DB.host() + " port=" + DB.port(),
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + port,
        "unix_socket_dir =",
        "auth_type = trust",
        "auth_file = " + work.resolve("userlist.txt"),
        "pool_mode = transaction",
        "default_pool_size = " + SERVER_POOL_SIZE,
        "max_client_conn = 100",
        // pgJDBC sends extra_float_digits at startup; PgBouncer must let it pass.
        "ignore_startup_parameters = extra_float_digits",
        "logfile = " + work.resolve("pgbouncer.log"),
        "pidfile = " + work.resolve("pgbouncer.pid"),
        ""));
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if ("root".equals(System.getProperty("user.name"))) {
      // PgBouncer refuses to run as root; let it drop to an unprivileged user.
      command.addAll(List.of("-u", userExists("postgres") ? "postgres" : "nobody"));
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
      for (String file : new String[] {"userlist.txt", "pgbouncer.ini"}) {
        Files.setPosixFilePermissions(work.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    command.add(work.resolve("pgbouncer.ini").toString());
    bouncer = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!accepts(port)) {
      if (!bouncer.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("pgbouncer did not start: " + Files.readString(work.resolve("stdout.log")));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static boolean userExists(String user) throws IOException {
    return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopPgBouncer() throws Exception {
    if (bouncer != null) {
      bouncer.destroy();
      if (!bouncer.waitFor(10, TimeUnit.SECONDS)) {
        bouncer.destroyForcibly();
      }
    }
  }

  private static TenantPoolDataSource dataSource() {
    return TenantPoolDataSource.builder()
        // prepareThreshold=0: pgJDBC never creates named server-side prepared statements, which a
        // transaction-mode PgBouncer before 1.21 (max_prepared_statements) cannot follow.
        .url("jdbc:tenantpool:postgresql://127.0.0.1:" + port + "/" + PREFIX + "_{tenant}?prepareThreshold=0")
        .username(DB.user())
        .password(DB.password())
        .property("tenantpool.maximumPoolSize", "6")
        .build();
  }

  @Test
  void routesEachTenantThroughPgBouncerWithFewerServerConnectionsThanClientOnes() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource()) {
      for (String tenant : List.of("t0", "t1", "t2")) {
        List<Connection> held = new ArrayList<>();
        try {
          for (int i = 0; i < 6; i++) {
            Connection c = dataSource.getConnection(tenant);
            held.add(c);
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM tenant_info WHERE name = ?")) {
              // More executions than pgJDBC's default prepareThreshold (5): with named statements this
              // would fail once PgBouncer hands the next transaction another server connection.
              for (int run = 0; run < 10; run++) {
                s.setString(1, tenant);
                try (ResultSet rs = s.executeQuery()) {
                  assertThat(rs.next()).isTrue();
                  assertThat(rs.getString(1)).isEqualTo(tenant);
                }
              }
            }
          }
          // Six TenantPool connections are open and idle between transactions; PgBouncer serves
          // them with at most default_pool_size server connections.
          assertThat(serverConnections(PREFIX + "_" + tenant)).isBetween(1, SERVER_POOL_SIZE);
          assertThat(dataSource.stats(tenant).total()).isEqualTo(6);
        } finally {
          for (Connection c : held) {
            c.close();
          }
        }
      }
    }
  }

  @Test
  void keepsOneServerConnectionForTheWholeOfATransaction() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource(); Connection c = dataSource.getConnection("t1")) {
      c.setAutoCommit(false);
      int first = pid(c);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_sleep(0.05)");
      }
      assertThat(pid(c)).isEqualTo(first);
      c.commit();
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int serverConnections(String database) throws SQLException {
    try (Connection admin = DB.admin(); PreparedStatement s = admin.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
