-- 500 products and 30,000 orders from the 5,000 community users.
INSERT INTO products (id, name, price_cents)
SELECT i, 'Product ' || i, 199 + (i * 37) % 9800
FROM generate_series(1, 500) AS i;

INSERT INTO orders (id, buyer_id, product_id, quantity, created_at)
SELECT i, 1 + (i * 13) % 5000, 1 + (i * 17) % 500, 1 + i % 3,
       timestamp '2025-04-01' + i * interval '2 minutes'
FROM generate_series(1, 30000) AS i;
