package dev.tenantpool.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PgBouncer's admin console ({@code SHOW CLIENTS} and the like), spoken directly. pgJDBC cannot
 * log in to it: the console reports PgBouncer's own version (1.x) as the server's, so pgJDBC sends
 * {@code SET extra_float_digits} after the login, which the console refuses ("SET failed"). What
 * the tests need is the simple query protocol under {@code auth_type = trust}: a startup message,
 * one query, its rows as text.
 */
public final class PgBouncerConsole implements AutoCloseable {
  private static final int PROTOCOL_3 = 196608;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  /** Logs in to the console of the PgBouncer on {@code port} (loopback) as {@code user}. */
  public PgBouncerConsole(int port, String user) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    byte[] body = ("user\0" + user + "\0database\0pgbouncer\0\0").getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + body.length);
    out.writeInt(PROTOCOL_3);
    out.write(body);
    out.flush();
    readUntilReady(null);
  }

  /** The rows of {@code query}, each a map from column name to its text (null for NULL). */
  public List<Map<String, String>> query(String query) throws IOException {
    byte[] text = (query + "\0").getBytes(StandardCharsets.UTF_8);
    out.writeByte('Q');
    out.writeInt(4 + text.length);
    out.write(text);
    out.flush();
    List<Map<String, String>> rows = new ArrayList<>();
    readUntilReady(rows);
    return rows;
  }

  private void readUntilReady(List<Map<String, String>> rows) throws IOException {
    List<String> columns = new ArrayList<>();
    String error = null;
    while (true) {
      int type = in.readUnsignedByte();
      byte[] message = new byte[in.readInt() - 4];
      in.readFully(message);
      DataInputStream body = new DataInputStream(new ByteArrayInputStream(message));
      switch (type) {
        case 'R' -> {
          if (body.readInt() != 0) {
            throw new IOException("PgBouncer's console asks for a password; the tests run it with auth_type = trust");
          }
        }
        case 'T' -> {
          columns.clear();
          for (int i = body.readUnsignedShort(); i > 0; i--) {
            columns.add(cString(body));
            body.skipBytes(18); // table oid, column number, type oid, size, modifier, format
          }
        }
        case 'D' -> {
          Map<String, String> row = new HashMap<>();
          int count = body.readUnsignedShort();
          for (int i = 0; i < count; i++) {
            int length = body.readInt();
            String value = null;
            if (length >= 0) {
              byte[] bytes = new byte[length];
              body.readFully(bytes);
              value = new String(bytes, StandardCharsets.UTF_8);
            }
            row.put(columns.get(i), value);
          }
          if (rows != null) {
            rows.add(row);
          }
        }
        case 'E' -> error = errorText(body);
        case 'Z' -> {
          if (error != null) {
            throw new IOException("PgBouncer's console: " + error);
          }
          return;
        }
        default -> {
          // ParameterStatus, BackendKeyData, CommandComplete, notices: nothing the tests need.
        }
      }
    }
  }

  private static String errorText(DataInputStream body) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int field = body.readUnsignedByte(); field != 0; field = body.readUnsignedByte()) {
      String value = cString(body);
      if (field == 'M' || field == 'C') {
        text.append(text.length() == 0 ? "" : " ").append(value);
      }
    }
    return text.toString();
  }

  private static String cString(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b > 0; b = in.read()) {
      bytes.write(b);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    try {
      out.writeByte('X');
      out.writeInt(4);
      out.flush();
    } catch (IOException ignored) {
      // Closing anyway.
    } finally {
      socket.close();
    }
  }
}
