-- Orders placed before 1 September 2024, the date written without zeros.
-- @query store
SELECT id, placed_on FROM orders WHERE placed_on < '2024-9-1' ORDER BY id
