/**
 * TenantPool's public face: {@link dev.tenantpool.TenantPoolDriver},
 * {@link dev.tenantpool.TenantPoolDataSource}, {@link dev.tenantpool.TenantContext},
 * {@link dev.tenantpool.TenantPoolProperty} and {@link dev.tenantpool.TenantPoolSqlState}.
 *
 * <p>Layering: the driver and the data source reach down into {@code router}; the leaf types
 * {@code TenantContext} and {@code TenantPoolSqlState} depend on nothing and may be used by every
 * layer (the tenant guard reads the context, every layer raises the documented SQLStates).
 */
package dev.tenantpool;
