-- Users and their orders.  orders.user_id points at users, but nothing
-- indexes it yet: the primary key indexes users.id, not the column that
-- refers to it.
CREATE TABLE users (
    id   integer PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE orders (
    id      integer PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id),
    total   integer NOT NULL
);
