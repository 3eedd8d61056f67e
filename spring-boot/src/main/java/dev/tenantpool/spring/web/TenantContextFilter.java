package dev.tenantpool.spring.web;

import dev.tenantpool.TenantContext;
import dev.tenantpool.TenantPoolSqlState;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs each request inside the {@link TenantContext} of its tenant, as its {@link TenantResolver}
 * finds it (the {@code X-Tenant-Id} header by default). What the request does with the database
 * (JPA, JdbcTemplate, {@code @Transactional} services, {@code @Async} work it hands off) reaches
 * that tenant's database and no other.
 *
 * <ul>
 *   <li>No tenant, or one TenantPool would refuse ({@code tenantpool.tenantPattern},
 *       {@code tenantpool.reservedTenants}, or not listed when
 *       {@code spring.datasource.tenantpool.web.listed-tenants-only=true}): 400 with a
 *       problem-details body; the request never runs.
 *   <li>The tenant is unavailable while the request runs, and nothing was written yet: its circuit
 *       is open (TP004), it is paused (TP005, after waiting {@code tenantpool.connectionTimeout}
 *       for a resume) or its pool had no connection in time (TP006): 503 with a problem-details
 *       body. A catalog that does not list the tenant (TP008): 400. The application's own
 *       exception handlers, where they handle these, come first.
 *   <li>The SLF4J MDC key {@code tenant} is set while the request runs.
 * </ul>
 */
public final class TenantContextFilter extends OncePerRequestFilter {
  /** The MDC key that names the request's tenant, as TenantPool's own background work does. */
  public static final String MDC_KEY = "tenant";
  private static final int MAX_CAUSES = 32;

  private final TenantResolver resolver;
  private final TenantIds ids;
  private final Set<String> listed;
  private final List<String> excludedPaths;
  private final String missing;

  TenantContextFilter(TenantResolver resolver, TenantIds ids, Set<String> listed, List<String> excludedPaths) {
    this.resolver = resolver;
    this.ids = ids;
    this.listed = listed == null ? null : Set.copyOf(listed);
    List<String> paths = new ArrayList<>();
    for (String path : excludedPaths) {
      String trimmed = path.trim();
      while (trimmed.length() > 1 && trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        paths.add(trimmed.startsWith("/") ? trimmed : "/" + trimmed);
      }
    }
    this.excludedPaths = List.copyOf(paths);
    this.missing = resolver instanceof HeaderTenantResolver
        ? "the request names no tenant: send its id in the " + ((HeaderTenantResolver) resolver).header() + " header"
        : "the request names no tenant";
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    for (String excluded : excludedPaths) {
      if (path.equals(excluded) || path.startsWith(excluded + "/")) {
        return true;
      }
    }
    return false;
  }

  /** False: the dispatch that completes an asynchronous request runs for its tenant too. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String tenant = resolver.resolveTenant(request);
    if (tenant == null || tenant.isBlank()) {
      ProblemResponse.write(request, response, 400, "Bad Request", missing, null);
      return;
    }
    if (!ids.accepts(tenant)) {
      ProblemResponse.write(request, response, 400, "Bad Request",
          "the request's tenant id is not a valid tenant id: it must match " + ids.pattern()
              + " and name no reserved database", null);
      return;
    }
    if (listed != null && !listed.contains(tenant)) {
      ProblemResponse.write(request, response, 400, "Bad Request", "the request's tenant is not a tenant of this application", null);
      return;
    }
    try (TenantContext.Scope scope = TenantContext.use(tenant); MDC.MDCCloseable mdc = MDC.putCloseable(MDC_KEY, tenant)) {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!answeredUnavailable(e, tenant, request, response)) {
        throw e;
      }
    }
  }

  // 503 (or 400 for a tenant the catalog does not list) when the request failed because its
  // tenant cannot be served now, and nothing has been sent yet.
  private static boolean answeredUnavailable(Exception failure, String tenant, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (response.isCommitted()) {
      return false;
    }
    String state = tenantPoolState(failure);
    if (state == null) {
      return false;
    }
    response.reset();
    if (TenantPoolSqlState.CIRCUIT_OPEN.code().equals(state)) {
      ProblemResponse.write(request, response, 503, "Service Unavailable",
          "the tenant's database is unavailable (its circuit is open); try again later", tenant);
    } else if (TenantPoolSqlState.TENANT_PAUSED.code().equals(state)) {
      ProblemResponse.write(request, response, 503, "Service Unavailable",
          "the tenant is paused for maintenance; try again later", tenant);
    } else if (TenantPoolSqlState.POOL_TIMEOUT.code().equals(state)) {
      ProblemResponse.write(request, response, 503, "Service Unavailable",
          "the tenant's database had no connection free in time; try again later", tenant);
    } else {
      ProblemResponse.write(request, response, 400, "Bad Request", "the request's tenant is not a tenant of this application",
          null);
    }
    return true;
  }

  /** The SQLState TP004, TP005, TP006 or TP008 among {@code failure}'s causes, or null. */
  static String tenantPoolState(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
      if (cause instanceof SQLException) {
        String state = ((SQLException) cause).getSQLState();
        if (TenantPoolSqlState.CIRCUIT_OPEN.code().equals(state) || TenantPoolSqlState.TENANT_PAUSED.code().equals(state)
            || TenantPoolSqlState.POOL_TIMEOUT.code().equals(state) || TenantPoolSqlState.UNKNOWN_TENANT.code().equals(state)) {
          return state;
        }
      }
    }
    return null;
  }
}
