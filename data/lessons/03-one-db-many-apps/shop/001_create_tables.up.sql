-- The buyer is a row of the shared users table, so the engine can check it.
CREATE TABLE products (
    id          integer PRIMARY KEY,
    name        text NOT NULL,
    price_cents integer NOT NULL
);
CREATE TABLE orders (
    id         integer PRIMARY KEY,
    buyer_id   integer NOT NULL REFERENCES users (id),
    product_id integer NOT NULL REFERENCES products (id),
    quantity   integer NOT NULL,
    created_at timestamp NOT NULL
);
