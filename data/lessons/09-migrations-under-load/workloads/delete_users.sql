-- Delete the 200 users who never ordered, then put them back, so every
-- run deletes the same 200.  Each deleted user makes the engine look in
-- orders for a row that still points at it.
-- @query shop
DELETE FROM users WHERE id <= 200
-- @query shop
INSERT INTO users (id, name)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
SELECT i, 'user ' || i FROM n
