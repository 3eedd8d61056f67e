package dev.tenantpool;

import java.util.Date;
import java.util.List;

/**
 * The JMX face of one {@link TenantPoolDataSource}: an MXBean, registered with the platform
 * MBeanServer as {@code dev.tenantpool:type=TenantPool,name=<data source name>} when
 * {@code tenantpool.registerMbeans=true} and unregistered by {@link TenantPoolDataSource#close()}.
 * As for every MXBean, clients see open types only ({@code Pools} is a {@code CompositeData[]}),
 * so jconsole, VisualVM and JMX exporters read it without TenantPool's classes, and
 * {@code JMX.newMXBeanProxy(connection, name, TenantPoolMXBean.class)} gives a typed client.
 *
 * <pre>{@code
 * MBeanServer server = ManagementFactory.getPlatformMBeanServer();
 * ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=orders");
 * CompositeData[] pools = (CompositeData[]) server.getAttribute(name, "Pools");
 * server.invoke(name, "pause", new Object[] {"acme"}, new String[] {String.class.getName()});
 * }</pre>
 */
public interface TenantPoolMXBean {
  /** The data source's name ({@code TenantPoolDataSource.builder().name(...)}). */
  String getName();

  /** Number of tenant pools open now. */
  int getPoolCount();

  /**
   * The {@code SHOW POOLS} view, {@link TenantPoolDataSource#pools()}: one row per tenant with a
   * pool, sorted by tenant. Over JMX each row is a {@code CompositeData} with the items
   * {@code tenant}, {@code active}, {@code idle}, {@code waiting}, {@code total}, {@code circuit}
   * ({@code CLOSED}, {@code HALF_OPEN}, {@code OPEN} or {@code DISABLED}), {@code paused},
   * {@code lastError} and {@code lastErrorAt}.
   */
  List<PoolRow> getPools();

  /**
   * {@link TenantPoolDataSource#pause}: new connections of {@code tenant} wait until it is resumed.
   *
   * @throws IllegalArgumentException for a null, blank or invalid tenant id (the message says why)
   */
  void pause(String tenant);

  /**
   * {@link TenantPoolDataSource#resume}: ends a pause; waiting callers proceed at once.
   *
   * @throws IllegalArgumentException for a null or blank tenant id
   */
  void resume(String tenant);

  /**
   * {@link TenantPoolDataSource#evict}: closes {@code tenant}'s pool now; true if it had one.
   *
   * @throws IllegalArgumentException for a null or blank tenant id
   */
  boolean evict(String tenant);

  /** One row of {@link #getPools()}, a {@link PoolView} as JMX maps it. */
  interface PoolRow {
    /** The tenant id. */
    String getTenant();

    /** Connections lent out. */
    int getActive();

    /** Connections open and idle. */
    int getIdle();

    /** Threads waiting for a connection. */
    int getWaiting();

    /** Open physical connections. */
    int getTotal();

    /** The tenant's circuit breaker state. */
    CircuitState getCircuit();

    /** Whether the tenant is paused. */
    boolean isPaused();

    /** The last failure's message, or null. */
    String getLastError();

    /** When the last failure happened, or null. */
    Date getLastErrorAt();

    /** primary for the tenant's pool, replica for one of its read replicas' pools. */
    String getRole();
  }
}
