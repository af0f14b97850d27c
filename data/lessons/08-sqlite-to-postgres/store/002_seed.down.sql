DELETE FROM orders;
DELETE FROM products;
DELETE FROM users;
