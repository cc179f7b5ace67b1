-- mutable:update {operation:"increment"} of one hot row in PostgreSQL: read it under a row lock,
-- write value + 1, commit (durable). Every client on the same row.
BEGIN;
SELECT (value #>> '{}')::bigint AS v FROM mutable WHERE namespace = 'hot' AND key = 'counter' FOR UPDATE \gset
UPDATE mutable SET value = to_jsonb(:v::bigint + 1), updated_at = extract(epoch FROM clock_timestamp()) * 1000
WHERE namespace = 'hot' AND key = 'counter';
COMMIT;
