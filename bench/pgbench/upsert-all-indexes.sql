-- upsert.sql on mutable_all, the table with all of jconvex's indexes (schema.sql).
\set k random(0, :keys - 1)
\set v random(0, 1000000)
INSERT INTO mutable_all (namespace, key, value, created_at, updated_at)
VALUES ('bench', 'k' || :k, to_jsonb(:v::bigint), extract(epoch FROM clock_timestamp()) * 1000, extract(epoch FROM clock_timestamp()) * 1000)
ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
RETURNING *;
