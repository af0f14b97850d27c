-- A new category under 57 in the adjacency list is one row; the second
-- step takes it out again, so every run leaves the tree as it found it.
-- @query catalog
INSERT INTO categories (id, parent_id, name) VALUES (100001, 57, 'new category')
-- @query catalog
DELETE FROM categories WHERE id = 100001
