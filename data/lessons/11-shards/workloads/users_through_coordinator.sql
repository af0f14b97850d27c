-- On PostgreSQL every shard is asked (none, before the demo spreads them);
-- on SQLite the coordinator's own table is empty: the rows live in files
-- that only the demo's connection attaches.
-- @query coordinator
SELECT count(*) AS users FROM users
