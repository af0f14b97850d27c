-- The text abc into an integer column; the second step takes it out again.
-- A run cut short between its insert and its delete would leave row 900
-- behind; this takes it out first, so the next run starts clean.
-- @query store
DELETE FROM orders WHERE id = 900
-- @query store
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES (900, 1, 'abc', '2024-01-01')
-- @query store
DELETE FROM orders WHERE id = 900 RETURNING id, quantity
