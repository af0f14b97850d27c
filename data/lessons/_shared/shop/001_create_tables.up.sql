-- buyer_id names a user that lives somewhere else: no engine can check it here.
CREATE TABLE products (
    id          integer PRIMARY KEY,
    name        text NOT NULL,
    price_cents integer NOT NULL
);
CREATE TABLE orders (
    id         integer PRIMARY KEY,
    buyer_id   integer NOT NULL,
    product_id integer NOT NULL REFERENCES products (id),
    quantity   integer NOT NULL,
    created_at timestamp NOT NULL
);
