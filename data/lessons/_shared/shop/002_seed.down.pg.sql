-- TRUNCATE empties the tables at once, without a foreign-key check per row.
TRUNCATE orders, products;
