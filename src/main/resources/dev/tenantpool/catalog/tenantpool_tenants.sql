-- The tenant catalog table of TenantPool (tenantpool.catalog=jdbc:postgresql://.../registry).
-- Rename the table with tenantpool.catalog.table and the channel with tenantpool.catalog.channel.
CREATE TABLE tenantpool_tenants (
  tenant   text PRIMARY KEY,  -- the tenant id
  url      text,              -- target JDBC URL; NULL: the data source's {tenant} template
  username text,              -- login; NULL: the data source's user
  password text,              -- NULL: the data source's password; keep this table readable by the application's role only
  tier     text,              -- tier name; NULL: no tier
  options  jsonb              -- pool and breaker keys, e.g. {"maximumPoolSize": 12, "breaker.waitInOpen": 5000}
);

-- Every change NOTIFYs the channel the catalog LISTENs on; each instance then re-reads the table.
CREATE FUNCTION tenantpool_tenants_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tenantpool_catalog', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER tenantpool_tenants_notify
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenantpool_tenants
  FOR EACH STATEMENT EXECUTE FUNCTION tenantpool_tenants_notify();
