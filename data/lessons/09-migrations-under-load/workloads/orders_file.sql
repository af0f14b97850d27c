-- The file that holds the orders table's rows, as PostgreSQL's catalog
-- names it: a migration that rewrites the table gives it a new one.
-- SQLite has no such catalog, and says so.
-- @query shop
SELECT relfilenode FROM pg_class WHERE oid = to_regclass('orders')
