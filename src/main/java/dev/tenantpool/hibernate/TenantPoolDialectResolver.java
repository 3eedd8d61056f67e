package dev.tenantpool.hibernate;

import org.hibernate.dialect.Database;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Picks the dialect for a database TenantPool named by its URL alone, without a connection: the
 * other half of {@link TenantPoolServiceContributor}, which names the database this way when no
 * tenant can answer for Hibernate's start-up metadata. The mapping from URL to dialect is
 * Hibernate's own ({@link Database#matchesUrl}); versions come from Hibernate's
 * {@code jakarta.persistence.database-*-version} settings when given. Found by Hibernate through
 * {@code META-INF/services}; it answers nothing for any other database name.
 */
public final class TenantPoolDialectResolver implements DialectResolver {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "TenantPool:";

  /** For {@link java.util.ServiceLoader}. */
  public TenantPoolDialectResolver() {}

  /** The database product name that stands for the database system of a TenantPool URL. */
  static String productName(String system) {
    return PREFIX + system;
  }

  /** Hibernate's entry for the database system of a JDBC URL's subprotocol, or null. */
  static Database databaseOf(String system) {
    String urlPrefix = "jdbc:" + system + ":";
    for (Database database : Database.values()) {
      if (database.matchesUrl(urlPrefix)) {
        return database;
      }
    }
    return null;
  }

  @Override
  public Dialect resolveDialect(DialectResolutionInfo info) {
    String name = info.getDatabaseName();
    if (name == null || !name.startsWith(PREFIX)) {
      return null;
    }
    Database database = databaseOf(name.substring(PREFIX.length()));
    return database == null ? null : database.createDialect(info);
  }
}
