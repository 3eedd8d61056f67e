package dev.tenantpool.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer in transaction mode on a free loopback port, in front of the test PostgreSQL,
 * for the tests that put one between TenantPool and the server. Debian's package provides the
 * binary ({@code apt-get install pgbouncer}; {@code .ci/run} installs it); {@link #binary()} says
 * whether this machine has it.
 */
public final class PgBouncerProcess implements AutoCloseable {
  /** Why a test that needs PgBouncer cannot run here: the reason its skip reports. */
  public static final String MISSING =
      "pgbouncer is not installed; on Debian: apt-get install -y pgbouncer (the test then runs it on a loopback port)";

  private final Process process;
  private final int port;

  private PgBouncerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The pgbouncer binary, or null when this machine has none. */
  public static Path binary() {
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

  /**
   * Starts PgBouncer (transaction mode, trust authentication, every database of {@code db}) and
   * waits until it accepts connections.
   *
   * @param settings further lines of its {@code [pgbouncer]} section, e.g. {@code default_pool_size = 2}
   */
  public static PgBouncerProcess start(Path binary, TestDatabase db, String... settings) throws Exception {
    Path work = Files.createTempDirectory("tenantpool-pgbouncer");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Files.writeString(work.resolve("userlist.txt"), "\"" + db.user() + "\" \"" + db.password() + "\"\n");
    List<String> ini = new ArrayList<>(List.of(
        "[databases]",
        "* = host=" + db.host() + " port=" + db.port(),
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + port,
        "unix_socket_dir =",
        "auth_type = trust",
        "auth_file = " + work.resolve("userlist.txt"),
        "pool_mode = transaction",
        // pgJDBC sends extra_float_digits at startup; PgBouncer must let it pass.
        "ignore_startup_parameters = extra_float_digits",
        "logfile = " + work.resolve("pgbouncer.log"),
        "pidfile = " + work.resolve("pgbouncer.pid")));
    ini.addAll(List.of(settings));
    ini.add("");
    Files.writeString(work.resolve("pgbouncer.ini"), String.join("\n", ini));
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
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("pgbouncer did not start: " + Files.readString(work.resolve("stdout.log")));
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return new PgBouncerProcess(process, port);
  }

  /** The loopback port it listens on. */
  public int port() {
    return port;
  }

  /** Stops it (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
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
}
