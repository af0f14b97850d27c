-- A new column whose default is worked out row by row.
ALTER TABLE orders ADD COLUMN token double precision NOT NULL DEFAULT random();
