/**
 * TenantPool's public face: {@link dev.tenantpool.TenantPoolDriver},
 * {@link dev.tenantpool.TenantPoolDataSource}, {@link dev.tenantpool.TenantContext},
 * {@link dev.tenantpool.TenantPoolProperty} and {@link dev.tenantpool.TenantPoolSqlState}.
 *
 * <p>Layering (the README's architecture table, kept true by ArchitectureTest): the driver and
 * the data source reach down into the internal packages, which module-info does not export; the
 * vocabulary types ({@code TenantContext}, {@code TenantPoolSqlState}, {@code CircuitState},
 * {@code CircuitOpenException}, {@code TenantHealth}, {@code TenantPoolListener}) depend on
 * nothing and may be used by every layer (the tenant guard reads the context, every layer raises
 * the documented SQLStates).
 */
package dev.tenantpool;
