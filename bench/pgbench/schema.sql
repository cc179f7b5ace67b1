-- The mutable entry of the seed (shared/seed/mutable.ts) as a PostgreSQL table, for bench/run's
-- same-window reference. `mutable` has the one index an upsert needs, UNIQUE (namespace, key);
-- `mutable_all` also has every other index of jconvex's `mutable` table (by_namespace, by_tenantId,
-- by_tenant_namespace, by_tenant_namespace_key, by_userId, by_updated, and the creation time of
-- by_creation_time), so each write maintains as many index entries as jconvex's does.
CREATE TABLE mutable (
  id bigserial PRIMARY KEY,
  creation_time double precision NOT NULL DEFAULT extract(epoch FROM clock_timestamp()) * 1000,
  namespace text NOT NULL,
  key text NOT NULL,
  value jsonb,
  user_id text,
  tenant_id text,
  metadata jsonb,
  created_at double precision NOT NULL,
  updated_at double precision NOT NULL
);
CREATE UNIQUE INDEX mutable_namespace_key ON mutable (namespace, key);

CREATE TABLE mutable_all (LIKE mutable INCLUDING DEFAULTS);
ALTER TABLE mutable_all ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence('mutable', 'id'));
ALTER TABLE mutable_all ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX mutable_all_namespace_key ON mutable_all (namespace, key);
CREATE INDEX mutable_all_creation_time ON mutable_all (creation_time);
CREATE INDEX mutable_all_namespace ON mutable_all (namespace, creation_time);
CREATE INDEX mutable_all_tenant ON mutable_all (tenant_id, creation_time);
CREATE INDEX mutable_all_tenant_namespace ON mutable_all (tenant_id, namespace, creation_time);
CREATE INDEX mutable_all_tenant_namespace_key ON mutable_all (tenant_id, namespace, key, creation_time);
CREATE INDEX mutable_all_user ON mutable_all (user_id, creation_time);
CREATE INDEX mutable_all_updated ON mutable_all (updated_at, creation_time);

-- The keys of the get and upsert workloads (k0 .. k9999 of namespace 'bench') and the hot row.
INSERT INTO mutable (namespace, key, value, created_at, updated_at)
SELECT 'bench', 'k' || i, to_jsonb(i), 0, 0 FROM generate_series(0, 9999) AS i;
INSERT INTO mutable_all (namespace, key, value, created_at, updated_at)
SELECT namespace, key, value, created_at, updated_at FROM mutable;
INSERT INTO mutable (namespace, key, value, created_at, updated_at) VALUES ('hot', 'counter', to_jsonb(0), 0, 0);
VACUUM ANALYZE;
