-- The table each shard holds: the users whose id hashes to it.
CREATE TABLE users (
    id integer PRIMARY KEY,
    name text NOT NULL,
    referred_by integer
);
