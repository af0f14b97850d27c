-- The same orphan with foreign keys switched off for this connection,
-- as the sqlite3 shell starts.  PostgreSQL has no such statement.
-- A run cut short between its insert and its delete would leave row 902
-- behind; this takes it out first, so the next run starts clean.
-- @query store
DELETE FROM orders WHERE id = 902
-- @query store
PRAGMA foreign_keys = OFF
-- @query store
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES (902, 999, 1, '2024-01-01')
-- @query store
DELETE FROM orders WHERE id = 902 RETURNING id, user_id
