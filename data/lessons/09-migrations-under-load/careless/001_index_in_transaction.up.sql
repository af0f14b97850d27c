-- The same kind of index, in a migration with no mark: the runner wraps
-- it in a transaction, where PostgreSQL refuses CONCURRENTLY.
CREATE INDEX CONCURRENTLY orders_total ON orders (total);
