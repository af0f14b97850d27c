DELETE FROM orders;
DELETE FROM products;
