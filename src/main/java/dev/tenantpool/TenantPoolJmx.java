package dev.tenantpool;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TenantPoolMXBean} of one data source, and its registration with the platform
 * MBeanServer. Only {@link TenantPoolDataSource}'s public methods are used: JMX sees what the API
 * shows. Nothing here runs on the connection path.
 */
final class TenantPoolJmx implements TenantPoolMXBean {
  private static final Logger LOG = LoggerFactory.getLogger(TenantPoolJmx.class);
  static final String DOMAIN = "dev.tenantpool";

  private final TenantPoolDataSource dataSource;
  private final String name;

  private TenantPoolJmx(TenantPoolDataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.name = name;
  }

  /** {@code dev.tenantpool:type=TenantPool,name=<name>}, the name quoted when it holds JMX's special characters. */
  static ObjectName objectName(String name) throws MalformedObjectNameException {
    boolean plain = name.chars().noneMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
    return new ObjectName(DOMAIN + ":type=TenantPool,name=" + (plain ? name : ObjectName.quote(name)));
  }

  /**
   * Registers the MXBean of {@code dataSource} and returns its name, or null when it could not be
   * registered: a data source of the same name already is (as HikariCP, TenantPool warns and goes
   * on, since the pools work without JMX), or the MBeanServer refused it.
   */
  static ObjectName register(TenantPoolDataSource dataSource, String name) {
    ObjectName objectName;
    try {
      objectName = objectName(name);
    } catch (MalformedObjectNameException e) {
      LOG.warn("TenantPool data source {}: no MXBean registered, its name makes no JMX ObjectName: {}", name,
          e.getMessage());
      return null;
    }
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      server.registerMBean(new StandardMBean(new TenantPoolJmx(dataSource, name), TenantPoolMXBean.class, true),
          objectName);
      return objectName;
    } catch (InstanceAlreadyExistsException e) {
      LOG.warn("TenantPool data source {}: no MXBean registered, {} is already registered by another data source;"
          + " give each data source its own name (TenantPoolDataSource.builder().name(...))", name, objectName);
    } catch (JMException e) {
      LOG.warn("TenantPool data source {}: the MBeanServer refused its MXBean {}: {}", name, objectName, e.toString());
    }
    return null;
  }

  /** Unregisters {@code objectName} if it is registered. */
  static void unregister(ObjectName objectName) {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
    } catch (InstanceNotFoundException e) {
      // Someone else unregistered it already; nothing left to do.
    } catch (JMException e) {
      LOG.warn("could not unregister the TenantPool MXBean {}: {}", objectName, e.toString());
    }
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int getPoolCount() {
    return dataSource.poolCount();
  }

  @Override
  public List<PoolRow> getPools() {
    List<PoolRow> rows = new ArrayList<>();
    for (PoolView pool : dataSource.pools()) {
      rows.add(new Row(pool));
    }
    return rows;
  }

  @Override
  public void pause(String tenant) {
    try {
      dataSource.pause(TenantContext.requireTenant(tenant));
    } catch (SQLException | IllegalArgumentException e) {
      // A JMX client may not have TenantPool's (or java.sql's) exception classes: the message is what counts.
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  @Override
  public void resume(String tenant) {
    dataSource.resume(TenantContext.requireTenant(tenant));
  }

  @Override
  public boolean evict(String tenant) {
    return dataSource.evict(TenantContext.requireTenant(tenant));
  }

  /** A {@link PoolView} through the getters JMX maps to a CompositeData. */
  private static final class Row implements PoolRow {
    private final PoolView view;

    Row(PoolView view) {
      this.view = view;
    }

    @Override
    public String getTenant() {
      return view.tenant();
    }

    @Override
    public int getActive() {
      return view.active();
    }

    @Override
    public int getIdle() {
      return view.idle();
    }

    @Override
    public int getWaiting() {
      return view.waiting();
    }

    @Override
    public int getTotal() {
      return view.total();
    }

    @Override
    public CircuitState getCircuit() {
      return view.circuit();
    }

    @Override
    public boolean isPaused() {
      return view.paused();
    }

    @Override
    public String getLastError() {
      return view.lastError();
    }

    @Override
    public Date getLastErrorAt() {
      return view.lastErrorAt() == null ? null : Date.from(view.lastErrorAt());
    }

    @Override
    public String getRole() {
      return view.role();
    }
  }
}
