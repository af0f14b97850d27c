-- The order migration 003 imports.
-- @query store
SELECT id, quantity, placed_on FROM orders WHERE id = 100
