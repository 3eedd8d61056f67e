package dev.tenantpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantpool.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MXBean of tenantpool.registerMbeans, read and driven the way jconsole and JMX exporters do:
 * through the platform MBeanServer, by name, with open types only.
 */
class TenantPoolJmxIT {
  private static final TestDatabase DB = TestDatabase.get();
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  private static final String[] ONE_STRING = {String.class.getName()};

  @BeforeAll
  static void createTenants() {
    DB.tenants("jmx", 2);
  }

  private static TenantPoolDataSource.Builder dataSource(String name) {
    return TenantPoolDataSource.builder()
        .url(DB.tenantPoolUrl("jmx_{tenant}"))
        .username(DB.user())
        .password(DB.password())
        .name(name)
        .property("tenantpool.connectionTimeout", "500")
        .property("tenantpool.shutdownTimeout", "1000");
  }

  private static Map<String, CompositeData> rows(ObjectName name) throws Exception {
    CompositeData[] pools = (CompositeData[]) SERVER.getAttribute(name, "Pools");
    Map<String, CompositeData> rows = new TreeMap<>();
    for (CompositeData row : pools) {
      rows.put((String) row.get("tenant"), row);
    }
    return rows;
  }

  private static Object invoke(ObjectName name, String operation, String tenant) throws Exception {
    return SERVER.invoke(name, operation, new Object[] {tenant}, ONE_STRING);
  }

  @Test
  void theMXBeanShowsEveryTenantsPoolAndPausesResumesAndEvictsThem() throws Exception {
    ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=jmx-orders");
    try (TenantPoolDataSource dataSource = dataSource("jmx-orders").property("tenantpool.registerMbeans", "true").build()) {
      assertThat(SERVER.isRegistered(name)).isTrue();
      OpenMBeanAttributeInfo pools = (OpenMBeanAttributeInfo) java.util.Arrays.stream(SERVER.getMBeanInfo(name).getAttributes())
          .filter(a -> a.getName().equals("Pools")).findFirst().orElseThrow();
      assertThat(pools.getOpenType().getClassName()).as("an open type: no TenantPool class needed")
          .isEqualTo(CompositeData[].class.getName());
      assertThat(SERVER.getMBeanInfo(name).getDescriptor().getFieldValue("mxbean")).isEqualTo("true");

      try (Connection held = dataSource.getConnection("t0"); Connection other = dataSource.getConnection("t1")) {
        Map<String, CompositeData> rows = rows(name);
        assertThat(rows).containsOnlyKeys("t0", "t1");
        assertThat(rows.get("t0").get("active")).isEqualTo(1);
        assertThat(rows.get("t0").get("total")).isEqualTo(1);
        assertThat(rows.get("t0").get("circuit")).isEqualTo("CLOSED");
        assertThat(rows.get("t0").get("paused")).isEqualTo(false);
        assertThat(rows.get("t0").get("lastError")).isNull();
        assertThat(SERVER.getAttribute(name, "PoolCount")).isEqualTo(2);
        assertThat(SERVER.getAttribute(name, "Name")).isEqualTo("jmx-orders");
      }
      assertThat(rows(name).get("t0").get("idle")).isEqualTo(1);

      invoke(name, "pause", "t0");
      assertThat(rows(name).get("t0").get("paused")).isEqualTo(true);
      assertThatThrownBy(() -> dataSource.getConnection("t0"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("TP005");
      invoke(name, "resume", "t0");
      assertThat(rows(name).get("t0").get("paused")).isEqualTo(false);
      try (Connection again = dataSource.getConnection("t0")) {
        assertThat(again.isValid(1)).isTrue();
      }

      TenantPoolMXBean typed = JMX.newMXBeanProxy(SERVER, name, TenantPoolMXBean.class);
      assertThat(typed.getPools()).extracting(TenantPoolMXBean.PoolRow::getTenant).containsExactly("t0", "t1");
      assertThat(typed.getPools().get(0).getCircuit()).isEqualTo(CircuitState.CLOSED);

      assertThat(invoke(name, "evict", "t1")).isEqualTo(true);
      assertThat(rows(name)).containsOnlyKeys("t0");
      assertThat(dataSource.pools()).extracting(PoolView::tenant).containsExactly("t0");
    }
    assertThat(SERVER.isRegistered(name)).as("unregistered by close()").isFalse();
  }

  @Test
  void anInvalidTenantIsRefusedWithTheReasonAJmxClientCanRead() throws Exception {
    ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=jmx-invalid");
    try (TenantPoolDataSource dataSource = dataSource("jmx-invalid").property("tenantpool.registerMbeans", "true").build()) {
      assertThatThrownBy(() -> invoke(name, "pause", "no such tenant!"))
          .isInstanceOf(RuntimeMBeanException.class)
          .cause().isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenantPattern");
      assertThatThrownBy(() -> invoke(name, "resume", " "))
          .isInstanceOf(RuntimeMBeanException.class)
          .cause().isExactlyInstanceOf(IllegalArgumentException.class);
      assertThat(dataSource.pools()).isEmpty();
    }
  }

  @Test
  void noMXBeanIsRegisteredUnlessAsked() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource("jmx-quiet").build()) {
      assertThat(SERVER.isRegistered(new ObjectName("dev.tenantpool:type=TenantPool,name=jmx-quiet"))).isFalse();
      assertThat(dataSource.name()).isEqualTo("jmx-quiet");
    }
  }

  @Test
  void aSecondDataSourceOfTheSameNameWorksWithoutAnMXBeanAndLeavesTheFirstOnesAlone() throws Exception {
    ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=jmx-twice");
    try (TenantPoolDataSource first = dataSource("jmx-twice").property("tenantpool.registerMbeans", "true").build()) {
      try (TenantPoolDataSource second = dataSource("jmx-twice").property("tenantpool.registerMbeans", "true").build();
          Connection c = second.getConnection("t1")) {
        assertThat(c.isValid(1)).isTrue();
      }
      assertThat(SERVER.isRegistered(name)).as("the first data source's MXBean is still there").isTrue();
      try (Connection c = first.getConnection("t0")) {
        assertThat(rows(name)).containsOnlyKeys("t0");
      }
    }
    assertThat(SERVER.isRegistered(name)).isFalse();
  }

  @Test
  void aNameWithJmxsSpecialCharactersIsQuoted() throws Exception {
    try (TenantPoolDataSource dataSource = dataSource("orders, eu=1").property("tenantpool.registerMbeans", "true").build()) {
      ObjectName name = new ObjectName("dev.tenantpool:type=TenantPool,name=" + ObjectName.quote("orders, eu=1"));
      assertThat(SERVER.getAttribute(name, "Name")).isEqualTo("orders, eu=1");
    }
  }

  @Test
  void registerMbeansMustBeTrueOrFalse() {
    assertThatThrownBy(() -> dataSource("jmx-typo").property("tenantpool.registerMbeans", "yes").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantpool.registerMbeans must be true or false, but was \"yes\"");
  }
}
