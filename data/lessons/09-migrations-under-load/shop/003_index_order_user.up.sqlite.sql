-- dbpatterns: no-transaction
-- SQLite has no CONCURRENTLY: its CREATE INDEX holds the write lock
-- until it is done.  Marked like the PostgreSQL file, so it runs the
-- same way, statement by statement.
CREATE INDEX orders_user_id ON orders (user_id);
