-- Move category 12 (1,111 categories with its descendants) from under 2 to
-- under 3, then back, so every run leaves the tree as it found it.
-- @query catalog
UPDATE categories SET parent_id = 3 WHERE id = 12
-- @query catalog
UPDATE categories SET parent_id = 2 WHERE id = 12
