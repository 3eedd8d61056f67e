/**
 * TenantPool, a multi-tenant JDBC driver. Applications program against {@code dev.tenantpool}
 * (the driver, the data source, the tenant context, the keys, SQLStates, health, listener and
 * MXBean types) and, with Hibernate, {@code dev.tenantpool.hibernate}; every other package is an
 * internal that may change in any release, and is not exported.
 *
 * <p>On the class path (most applications) the same jar works as before; its packages are then
 * all visible, but only the two exported ones are TenantPool's API.
 */
module dev.tenantpool {
  // Types of these appear in the API: TenantPoolDataSource.Builder takes a MeterRegistry and an
  // OpenTelemetry, and everything is JDBC.
  requires transitive java.sql;
  requires transitive micrometer.core;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires java.management;
  requires com.zaxxer.hikari;
  requires io.github.resilience4j.circuitbreaker;
  requires org.slf4j;
  // Optional, like the dependencies in the pom: only Hibernate applications have Hibernate (whose
  // types the hibernate package implements, hence transitive), only YAML catalogs need SnakeYAML
  // Engine (on the module path, add either with --add-modules when nothing else requires it).
  requires static transitive org.hibernate.orm.core;
  requires static org.snakeyaml.engine;

  exports dev.tenantpool;
  exports dev.tenantpool.hibernate;

  // The driver, for DriverManager. Hibernate's services are not declared here: a "provides" of a
  // type from an optional module fails module resolution when Hibernate is absent, so on the
  // module path Hibernate is pointed at TenantPoolConnectionProvider by its settings (README).
  provides java.sql.Driver with dev.tenantpool.TenantPoolDriver;
}
