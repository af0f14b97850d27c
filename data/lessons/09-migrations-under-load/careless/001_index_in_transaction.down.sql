DROP INDEX IF EXISTS orders_total;
