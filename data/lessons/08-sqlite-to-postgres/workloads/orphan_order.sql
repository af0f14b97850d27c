-- An order for user 999, who does not exist, then taken out again.
-- @query store
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES (901, 999, 1, '2024-01-01')
-- @query store
DELETE FROM orders WHERE id = 901 RETURNING id, user_id
