-- mutable:set's work in PostgreSQL: a durable upsert of a random key of :keys, returning the row.
\set k random(0, :keys - 1)
\set v random(0, 1000000)
INSERT INTO mutable (namespace, key, value, created_at, updated_at)
VALUES ('bench', 'k' || :k, to_jsonb(:v::bigint), extract(epoch FROM clock_timestamp()) * 1000, extract(epoch FROM clock_timestamp()) * 1000)
ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
RETURNING *;
