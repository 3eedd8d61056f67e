/**
 * Where tenants' settings come from when the {@code {tenant}} template is not enough: a
 * properties or YAML file, or a table in a PostgreSQL database that is re-read on change
 * (LISTEN/NOTIFY, with polling as the fallback).
 *
 * <p>A {@link dev.tenantpool.catalog.TenantCatalog} hands out raw {@link
 * dev.tenantpool.catalog.TenantSpec entries} and {@link dev.tenantpool.catalog.TierSpec tier
 * definitions}: it checks their shape (a URL that is a JDBC URL, a tier name that is a name) but
 * not the pool keys' values, which the public layer validates with every other
 * {@code tenantpool.*} key. The package uses the {@code url} package (for what of a URL may be
 * printed), {@code observe}'s TenantMdc and the API's vocabulary ({@code TenantPoolSqlState}).
 * The background refresh is
 * timed by a scheduler it is given and runs on each catalog's own thread
 * ({@code tenantpool-catalog-N}): the shared scheduler never does a catalog's I/O.
 */
package dev.tenantpool.catalog;
