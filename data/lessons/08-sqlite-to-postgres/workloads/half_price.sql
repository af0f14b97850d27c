-- Half of a price declared numeric(10, 2) and stored as 7.00.
-- @query store
SELECT sku, price / 2 AS half FROM products WHERE price / 2 = 3.5
