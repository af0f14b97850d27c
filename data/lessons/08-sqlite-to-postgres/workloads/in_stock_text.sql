-- The boolean column compared with the word 'true'.
-- @query store
SELECT sku FROM products WHERE in_stock = 'true'
