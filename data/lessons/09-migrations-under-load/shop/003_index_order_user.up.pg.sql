-- dbpatterns: no-transaction
-- Built without blocking writes to orders.  CONCURRENTLY may not run in
-- a transaction, so this migration is marked to run outside one.
CREATE INDEX CONCURRENTLY orders_user_id ON orders (user_id);
