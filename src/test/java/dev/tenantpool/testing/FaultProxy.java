package dev.tenantpool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on {@code 127.0.0.1} (ephemeral port) in front of a server, whose {@link Mode} a test
 * switches at run time to inject network faults between the driver and PostgreSQL:
 *
 * <ul>
 *   <li>{@link Mode#PASS}: bytes flow both ways unchanged.
 *   <li>{@link Mode#REFUSE}: the listening socket is closed, so a connect fails at once with
 *       "connection refused", and every live connection is closed (the server "died").
 *   <li>{@link Mode#BLACKHOLE}: connects still succeed, but no byte is forwarded in either
 *       direction, on new and live connections alike (packets dropped, not refused: the hang that
 *       only timeouts end). Held bytes flow again when the mode goes back to PASS or DELAY, as
 *       after a healed partition.
 *   <li>{@link Mode#DELAY}: every chunk is forwarded {@link #delay()} after it was read, in each
 *       direction, so a request/response round trip gains about twice the delay.
 * </ul>
 *
 * <p>A mode switch takes effect before the switching method returns, for live connections too.
 * Each connection costs two daemon threads (one per direction); an upstream connection is opened
 * only when the first client byte is forwarded, so a blackholed connect never reaches the server.
 * {@link #close()} closes the listener and every connection and waits for the proxy's threads to
 * end.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(db.host(), db.port())) {
 *   String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/app";
 *   proxy.blackhole();   // connects and queries now hang
 *   proxy.pass();        // and recover
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  /** What the proxy does with connects and bytes. */
  public enum Mode {
    PASS, REFUSE, BLACKHOLE, DELAY
  }

  private static final int BUFFER_SIZE = 16 * 1024;
  private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
  private static final long THREAD_JOIN_MS = 5_000;

  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Object lock = new Object();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger threadNumber = new AtomicInteger();
  private final Thread acceptor;

  // Written under lock, read without it on the forwarding path.
  private volatile Mode mode = Mode.PASS;
  private volatile long delayNanos;
  private volatile ServerSocket listener;
  // While refusing: a socket bound to the port but not listening. Connects are refused (nothing
  // listens) and no other process or test can take the port meanwhile (embedded PostgreSQL picks
  // ports in the same range), so listening again always succeeds.
  private Socket reservation;
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = bindBelowEphemeralRange();
    this.port = first.getLocalPort();
    this.listener = first;
    this.acceptor = newThread(this::acceptLoop, "accept");
    acceptor.start();
  }

  // The port is given up while the proxy refuses and taken again after. A port from the
  // ephemeral range (Linux: 32768 and up) may meanwhile become some client socket's local port,
  // and the proxy could not listen on it again; ports below it are only ever taken on purpose.
  private static final int FIRST_PORT = 20_000;
  private static final int PORTS = 12_000;

  private ServerSocket bindBelowEphemeralRange() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = FIRST_PORT + java.util.concurrent.ThreadLocalRandom.current().nextInt(PORTS);
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      try {
        socket.bind(new InetSocketAddress(loopback, candidate), 128);
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw last;
  }

  /** A proxy in {@link Mode#PASS} forwarding to {@code targetHost:targetPort}. */
  public static FaultProxy start(String targetHost, int targetPort) {
    try {
      return new FaultProxy(targetHost, targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a proxy port on 127.0.0.1", e);
    }
  }

  /** A proxy in front of the shared test database. */
  public static FaultProxy inFrontOf(TestDatabase db) {
    return start(db.host(), db.port());
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return loopback.getHostAddress();
  }

  /** The port clients connect to; it stays the same across mode switches. */
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/} followed by {@code path}. */
  public String postgresUrl(String path) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + path;
  }

  /** The current mode. */
  public Mode mode() {
    return mode;
  }

  /** The added one-way latency of {@link Mode#DELAY}. */
  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  /** Connections accepted since start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Connections open now. */
  public int openConnections() {
    return links.size();
  }

  /** Forwards everything, releasing bytes a blackhole held. */
  public void pass() {
    switchTo(Mode.PASS, 0);
  }

  /** Refuses new connects and closes live connections. */
  public void refuse() {
    switchTo(Mode.REFUSE, 0);
  }

  /** Accepts connects but forwards nothing, on new and live connections. */
  public void blackhole() {
    switchTo(Mode.BLACKHOLE, 0);
  }

  /** Forwards every chunk {@code oneWay} after it was read, in each direction. */
  public void delay(Duration oneWay) {
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("delay must be 0 or more, but was " + oneWay);
    }
    switchTo(Mode.DELAY, oneWay.toNanos());
  }

  private void switchTo(Mode next, long nextDelayNanos) {
    List<Link> killed = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the proxy on port " + port + " is closed");
      }
      if (next == Mode.REFUSE) {
        if (listener != null) {
          closeQuietly(listener);
          listener = null;
          reservation = reserve();
        }
        killed.addAll(links);
      } else if (listener == null) {
        listener = rebind();
        closeQuietly(reservation);
        reservation = null;
      }
      delayNanos = nextDelayNanos;
      mode = next;
      lock.notifyAll();
    }
    for (Link link : killed) {
      link.close();
    }
  }

  /** Binds a socket to the port without listening (null if another took the port meanwhile). */
  private Socket reserve() {
    Socket socket = new Socket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(loopback, port));
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      return null;
    }
  }

  /**
   * Listens on the same port again; SO_REUSEADDR lets it bind despite TIME_WAIT connections and
   * beside the reservation, which is closed after.
   */
  private ServerSocket rebind() {
    // A socket of the last connections can hold the port for a moment after they were closed
    // (FaultProxyIT failed so twice in a day of full runs, with the reservation too): try again
    // for up to two seconds before giving up.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (true) {
      ServerSocket socket = null;
      try {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(loopback, port), 128);
        return socket;
      } catch (IOException e) {
        closeQuietly(socket);
        if (System.nanoTime() - deadline > 0) {
          throw new UncheckedIOException("could not listen on 127.0.0.1:" + port + " again", e);
        }
        try {
          TimeUnit.MILLISECONDS.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException("interrupted while listening on 127.0.0.1:" + port + " again", e);
        }
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      ServerSocket socket = awaitListener();
      if (socket == null) {
        return;
      }
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        // The listener was closed by refuse() or close(); look at the state again.
        continue;
      }
      accepted.incrementAndGet();
      Link link = new Link(client);
      links.add(link);
      if (closed || mode == Mode.REFUSE) {
        // Accepted just before the listener closed: the refusal applies to it too.
        link.close();
        continue;
      }
      newThread(() -> forwardUp(link), "c" + accepted.get() + "-up").start();
    }
  }

  private ServerSocket awaitListener() {
    synchronized (lock) {
      while (!closed && listener == null) {
        waitOn(0);
      }
      return closed ? null : listener;
    }
  }

  /** Client to server; opens the upstream connection when the first byte may pass. */
  private void forwardUp(Link link) {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      InputStream in = link.client.getInputStream();
      while (true) {
        int n = in.read(buffer);
        if (!awaitTurn(System.nanoTime(), link) || n < 0) {
          return;
        }
        Socket upstream = link.upstream;
        if (upstream == null) {
          upstream = link.connectUpstream();
          if (upstream == null) {
            return;
          }
          Thread down = newThread(() -> forwardDown(link), Thread.currentThread().getName().replace("-up", "-down"));
          down.start();
        }
        OutputStream out = upstream.getOutputStream();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // A side closed, or the link was killed: either way the connection is over.
    } finally {
      link.close();
    }
  }

  /** Server to client. */
  private void forwardDown(Link link) {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      InputStream in = link.upstream.getInputStream();
      OutputStream out = link.client.getOutputStream();
      while (true) {
        int n = in.read(buffer);
        if (!awaitTurn(System.nanoTime(), link) || n < 0) {
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // As in forwardUp.
    } finally {
      link.close();
    }
  }

  /**
   * Waits until a chunk read at {@code readAtNanos} may be forwarded: at once in PASS, after the
   * delay in DELAY, not while BLACKHOLE lasts. False when the link must end (REFUSE, closed).
   * End of stream waits its turn too, so a blackhole also holds a close.
   */
  private boolean awaitTurn(long readAtNanos, Link link) {
    if (mode == Mode.PASS && !link.closed) {
      return true;
    }
    synchronized (lock) {
      while (true) {
        if (closed || link.closed || mode == Mode.REFUSE) {
          return false;
        }
        if (mode == Mode.PASS) {
          return true;
        }
        if (mode == Mode.BLACKHOLE) {
          waitOn(0);
          continue;
        }
        long left = readAtNanos + delayNanos - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        waitOn(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  private void waitOn(long millis) {
    try {
      lock.wait(millis);
    } catch (InterruptedException e) {
      // Proxy threads are interrupted only to end them; close() sets closed first.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("proxy thread interrupted", e);
    }
  }

  private Thread newThread(Runnable task, String suffix) {
    Thread thread = new Thread(() -> {
      try {
        task.run();
      } catch (IllegalStateException interrupted) {
        // Ended by close(); nothing to report.
      } finally {
        threads.remove(Thread.currentThread());
      }
    }, "fault-proxy-" + port + "-" + suffix);
    thread.setDaemon(true);
    threads.add(thread);
    return thread;
  }

  /** Proxy threads alive now (for tests that check nothing leaks). */
  public int liveThreads() {
    int alive = 0;
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        alive++;
      }
    }
    return alive;
  }

  /** Closes the listener and every connection, then waits for the proxy's threads to end. */
  @Override
  public void close() {
    List<Link> closing;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(listener);
      listener = null;
      closeQuietly(reservation);
      reservation = null;
      closing = new ArrayList<>(links);
      lock.notifyAll();
    }
    for (Link link : closing) {
      link.close();
    }
    // A forwarding thread may start a sibling while we wait, so look again until none is left.
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_JOIN_MS);
    while (!threads.isEmpty() && System.nanoTime() - deadline < 0) {
      for (Thread thread : new ArrayList<>(threads)) {
        try {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    for (Thread thread : threads) {
      thread.interrupt();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy[127.0.0.1:" + port + " -> " + targetHost + ":" + targetPort + ", " + mode
        + (mode == Mode.DELAY ? " " + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms" : "")
        + ", open=" + links.size() + (closed ? ", closed" : "") + "]";
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Closing to stop; a failure changes nothing.
    }
  }

  /** One client connection and, once the first byte passed, its upstream connection. */
  private final class Link {
    final Socket client;
    volatile Socket upstream;
    volatile boolean closed;

    Link(Socket client) {
      this.client = client;
    }

    /** Connects upstream; null if the link was closed meanwhile or the server is unreachable. */
    Socket connectUpstream() throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(targetHost, targetPort), UPSTREAM_CONNECT_TIMEOUT_MS);
      } catch (IOException e) {
        closeQuietly(socket);
        throw e;
      }
      synchronized (this) {
        if (closed) {
          closeQuietly(socket);
          return null;
        }
        upstream = socket;
        return socket;
      }
    }

    void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      links.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
      synchronized (lock) {
        // Wake this link's threads if they wait in a blackhole or a delay.
        lock.notifyAll();
      }
    }
  }
}
