-- The text abc into an integer column; the second step takes it out again.
-- @query store
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES (900, 1, 'abc', '2024-01-01')
-- @query store
DELETE FROM orders WHERE id = 900 RETURNING id, quantity
