package dev.tenantpool.catalog;

import dev.tenantpool.url.SafeText;
import java.util.Properties;

/**
 * How to open a catalog, validated by the public layer.
 *
 * @param source {@code file:/path/tenants.properties}, {@code file:/path/tenants.yaml} or a
 *     {@code jdbc:postgresql:} URL
 * @param table the catalog table (optionally schema-qualified) when the source is a database
 * @param channel the NOTIFY channel the table's trigger signals on
 * @param refreshIntervalMs how often the source is re-read even without a notification
 * @param timeoutMs the bound on each connect to and read of a catalog database, and on how long
 *     a call waits for the first read (the data source's {@code tenantpool.connectionTimeout})
 * @param connectionProperties login of the catalog database ({@code user}, {@code password})
 */
public record CatalogSettings(
    String source, String table, String channel, long refreshIntervalMs, long timeoutMs,
    Properties connectionProperties) {

  /** True when the source is a file rather than a database. */
  public boolean isFile() {
    return source.startsWith(FileCatalog.SCHEME);
  }

  @Override
  public String toString() {
    return "CatalogSettings[source=" + SafeText.url(source) + ", table=" + table + ", channel=" + channel
        + ", refreshIntervalMs=" + refreshIntervalMs + ", timeoutMs=" + timeoutMs + ", connectionProperties="
        + SafeText.properties(connectionProperties) + "]";
  }
}
