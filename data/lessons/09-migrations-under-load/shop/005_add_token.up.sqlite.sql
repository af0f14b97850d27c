-- A new column whose default is worked out row by row: SQLite refuses
-- this for ADD COLUMN (lesson 8 shows it), so here the same column
-- is added empty and filled by an UPDATE, which writes every row.
ALTER TABLE orders ADD COLUMN token double precision;
UPDATE orders SET token = random();
