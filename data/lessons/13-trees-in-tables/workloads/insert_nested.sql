-- A new category as the last child of 57 in the nested sets: first make
-- room, two numbers wide, at 57's rgt, shifting every number from there on;
-- then insert it; then take it out and close the gap, so every run leaves
-- the tree as it found it.  The last step returns one row for each category
-- it renumbered: the same categories that making room renumbered.
-- @query catalog
UPDATE nested_categories
SET lft = CASE WHEN lft > m.r THEN lft + 2 ELSE lft END, rgt = rgt + 2
FROM (SELECT rgt AS r FROM nested_categories WHERE id = 57) AS m
WHERE nested_categories.rgt >= m.r
-- @query catalog
INSERT INTO nested_categories (id, name, lft, rgt)
SELECT 100001, 'new category', rgt - 2, rgt - 1 FROM nested_categories WHERE id = 57
-- @query catalog
DELETE FROM nested_categories WHERE id = 100001
-- @query catalog
UPDATE nested_categories
SET lft = CASE WHEN lft > m.r THEN lft - 2 ELSE lft END, rgt = rgt - 2
FROM (SELECT rgt AS r FROM nested_categories WHERE id = 57) AS m
WHERE nested_categories.rgt >= m.r
RETURNING nested_categories.id
