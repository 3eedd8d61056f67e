package dev.tenantpool.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * Sends each database's connections through that database's {@link FaultProxy}, so that tenants
 * of one {@code TenantPoolDataSource} (one URL template, one host and port) can each have a proxy
 * of their own. Set it as pgJDBC's {@code socketFactory} property; pgJDBC creates one per physical
 * connection (cancel requests included) with the connection's properties, whose {@code PGDBNAME}
 * names the database. A database with a route connects to its proxy; any other connects where
 * its URL says.
 *
 * <pre>{@code
 * ProxySocketFactory.route("cb_t0", proxy);
 * TenantPoolDataSource.builder()
 *     .url(db.tenantPoolUrl("cb_{tenant}"))
 *     .property("socketFactory", ProxySocketFactory.class.getName())
 * }</pre>
 *
 * <p>Routes are global to the JVM and keyed by database name; test classes use database prefixes
 * of their own, so their routes never meet.
 */
public final class ProxySocketFactory extends SocketFactory {
  /** The pgJDBC property that names a socket factory class. */
  public static final String PROPERTY = "socketFactory";

  private static final Map<String, FaultProxy> ROUTES = new ConcurrentHashMap<>();

  private final FaultProxy proxy;

  /** Called by pgJDBC with the connection's properties. */
  public ProxySocketFactory(Properties connection) {
    String database = connection.getProperty("PGDBNAME");
    this.proxy = database == null ? null : ROUTES.get(database);
  }

  /** Connections to {@code database} go to {@code proxy} from now on. */
  public static void route(String database, FaultProxy proxy) {
    ROUTES.put(database, proxy);
  }

  /** Connections to {@code database} go where their URL says again. */
  public static void unroute(String database) {
    ROUTES.remove(database);
  }

  @Override
  public Socket createSocket() {
    return new RoutedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = new RoutedSocket();
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    Socket socket = new RoutedSocket();
    socket.bind(new InetSocketAddress(localHost, localPort));
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket socket = new RoutedSocket();
    socket.connect(new InetSocketAddress(host, port));
    return socket;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket socket = new RoutedSocket();
    socket.bind(new InetSocketAddress(localAddress, localPort));
    socket.connect(new InetSocketAddress(address, port));
    return socket;
  }

  /** A plain socket whose connect goes to the proxy instead of the address asked for. */
  private final class RoutedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      super.connect(proxy == null ? endpoint : new InetSocketAddress(proxy.host(), proxy.port()), timeout);
    }
  }
}
