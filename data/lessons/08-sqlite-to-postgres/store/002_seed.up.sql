-- A handful of rows, enough to make each engine's answer visible.
INSERT INTO users (id, name) VALUES (1, 'Ada Lovelace'), (2, 'Grace Hopper');
INSERT INTO products (id, sku, price, in_stock) VALUES
    (1, 'LAMP1', 7.00, true),
    (2, 'DESK1', 120.00, false);
INSERT INTO orders (id, user_id, quantity, placed_on) VALUES
    (1, 1, 2, '2024-08-01'),
    (2, 2, 1, '2024-10-15'),
    (3, 1, 5, '2024-11-30');
