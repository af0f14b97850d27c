-- A small shop, declared the same way on both engines: the same words,
-- but only PostgreSQL holds every column to its declared type.
CREATE TABLE users (
    id   integer PRIMARY KEY,
    name varchar(40) NOT NULL
);
CREATE TABLE products (
    id       integer PRIMARY KEY,
    sku      varchar(5) NOT NULL,
    price    numeric(10, 2) NOT NULL,
    in_stock boolean NOT NULL
);
CREATE TABLE orders (
    id        integer PRIMARY KEY,
    user_id   integer NOT NULL REFERENCES users (id),
    quantity  integer NOT NULL,
    placed_on date NOT NULL
);
