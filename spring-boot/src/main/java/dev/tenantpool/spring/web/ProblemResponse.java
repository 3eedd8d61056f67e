package dev.tenantpool.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An RFC 9457 problem-details response ({@code application/problem+json}), written without a JSON
 * library: the filter answers before Spring MVC (and its message converters) ever sees the
 * request.
 */
final class ProblemResponse {
  static final String CONTENT_TYPE = "application/problem+json";

  private ProblemResponse() {}

  /**
   * Writes {@code status} with {@code title} and {@code detail}; {@code tenant}, when not null,
   * is added as an extension member (only ever a tenant id that passed TenantPool's rule).
   */
  static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail,
      String tenant) throws IOException {
    StringBuilder json = new StringBuilder(160)
        .append("{\"type\":\"about:blank\",\"title\":").append(quoted(title))
        .append(",\"status\":").append(status)
        .append(",\"detail\":").append(quoted(detail))
        .append(",\"instance\":").append(quoted(request.getRequestURI()));
    if (tenant != null) {
      json.append(",\"tenant\":").append(quoted(tenant));
    }
    json.append('}');
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
