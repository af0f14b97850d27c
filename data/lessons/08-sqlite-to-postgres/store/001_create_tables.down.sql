DROP TABLE orders;
DROP TABLE products;
DROP TABLE users;
