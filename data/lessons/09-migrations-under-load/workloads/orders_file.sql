-- The file that holds the orders table's rows, as PostgreSQL's catalog
-- names it: a migration that rewrites the table gives it a new one.
-- @query shop
SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass
