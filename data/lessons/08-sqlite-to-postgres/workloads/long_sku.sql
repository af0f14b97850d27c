-- A seven-letter code into a varchar(5) column, then taken out again.
-- @query store
INSERT INTO products (id, sku, price, in_stock) VALUES (900, 'TOOLONG', 1, false)
-- @query store
DELETE FROM products WHERE id = 900 RETURNING id, sku
