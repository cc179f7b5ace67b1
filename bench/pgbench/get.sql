-- mutable:get's work in PostgreSQL: read the row of a random key of :keys.
\set k random(0, :keys - 1)
SELECT * FROM mutable WHERE namespace = 'bench' AND key = 'k' || :k;
