package dev.tenantpool.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text) and {@code /health} (JSON) on 127.0.0.1 for the duration of
 * the run, served by the JDK's own HTTP server so the demo needs no web framework. Loopback only:
 * the demo is for the person at this machine.
 */
final class DemoHttpServer implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final int requestedPort;
  private final AtomicInteger metricsRequests = new AtomicInteger();
  private final AtomicInteger healthRequests = new AtomicInteger();

  private DemoHttpServer(HttpServer server, ExecutorService executor, int requestedPort) {
    this.server = server;
    this.executor = executor;
    this.requestedPort = requestedPort;
  }

  /**
   * Serves on 127.0.0.1:{@code port}, or on a free port if that one is taken ({@link #fellBack()}
   * says so); port 0 means any free port.
   *
   * @throws IOException if no port at all can be bound
   */
  static DemoHttpServer start(int port, Supplier<String> metrics, Supplier<String> health) throws IOException {
    HttpServer server;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try {
      server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
    } catch (BindException e) {
      server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "demo-http");
      thread.setDaemon(true);
      return thread;
    });
    DemoHttpServer http = new DemoHttpServer(server, executor, port);
    server.createContext("/metrics", exchange -> http.respond(exchange, http.metricsRequests, PROMETHEUS_TEXT, metrics));
    server.createContext("/health", exchange -> http.respond(exchange, http.healthRequests, JSON, health));
    server.createContext("/", exchange -> http.notFound(exchange));
    server.setExecutor(executor);
    server.start();
    return http;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** True when the requested port was taken and a free one is used instead. */
  boolean fellBack() {
    return requestedPort != 0 && port() != requestedPort;
  }

  /** "http://127.0.0.1:9464". */
  String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  int metricsRequests() {
    return metricsRequests.get();
  }

  int healthRequests() {
    return healthRequests.get();
  }

  private void respond(HttpExchange exchange, AtomicInteger counter, String contentType, Supplier<String> body)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(exchange, 405, TEXT, "only GET is supported\n");
        return;
      }
      if (!path.equals("/metrics") && !path.equals("/health")) {
        send(exchange, 404, TEXT, "try /metrics or /health\n");
        return;
      }
      String payload;
      try {
        payload = body.get();
      } catch (RuntimeException e) {
        // A view failed (the run is shutting down, say): answer, never break the server.
        send(exchange, 500, TEXT, e + "\n");
        return;
      }
      counter.incrementAndGet();
      send(exchange, 200, contentType, payload);
    }
  }

  private void notFound(HttpExchange exchange) throws IOException {
    try (exchange) {
      send(exchange, 404, TEXT, "try /metrics or /health\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting requests and ends the server's threads. */
  @Override
  public void close() throws InterruptedException {
    server.stop(0);
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
