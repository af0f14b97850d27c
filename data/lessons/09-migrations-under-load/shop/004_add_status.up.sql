-- A new column with a constant default.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
