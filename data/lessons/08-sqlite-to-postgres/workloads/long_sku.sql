-- A seven-letter code into a varchar(5) column, then taken out again.
-- A run cut short between its insert and its delete would leave row 900
-- behind; this takes it out first, so the next run starts clean.
-- @query store
DELETE FROM products WHERE id = 900
-- @query store
INSERT INTO products (id, sku, price, in_stock) VALUES (900, 'TOOLONG', 1, false)
-- @query store
DELETE FROM products WHERE id = 900 RETURNING id, sku
