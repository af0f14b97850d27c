-- 500 products and 30,000 orders from the 5,000 community users.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO products (id, name, price_cents)
SELECT i, 'Product ' || i, 199 + (i * 37) % 9800 FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
INSERT INTO orders (id, buyer_id, product_id, quantity, created_at)
SELECT i, 1 + (i * 13) % 5000, 1 + (i * 17) % 500, 1 + i % 3,
       datetime('2025-04-01', '+' || (i * 2) || ' minutes')
FROM n;
