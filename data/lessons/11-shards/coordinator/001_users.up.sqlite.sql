-- SQLite has no partitions and no foreign tables: this table stays empty.
-- The demo attaches the shard files and puts a temporary view named users
-- in front of it, for its own connection only.
CREATE TABLE users (
    id integer PRIMARY KEY,
    name text NOT NULL,
    referred_by integer
);
