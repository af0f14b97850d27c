-- The same move in the closure table: cut every path from 12's old
-- ancestors to its subtree, then join 3's ancestors to that subtree.  Then
-- the same again, back under 2.  The last step returns the paths it
-- inserted, one row each.
-- @query catalog
DELETE FROM category_paths
WHERE descendant IN (SELECT descendant FROM category_paths WHERE ancestor = 12)
  AND ancestor IN (SELECT ancestor FROM category_paths WHERE descendant = 12 AND ancestor <> 12)
-- @query catalog
INSERT INTO category_paths (ancestor, descendant, depth)
SELECT above.ancestor, below.descendant, above.depth + below.depth + 1
FROM category_paths AS above JOIN category_paths AS below ON below.ancestor = 12
WHERE above.descendant = 3
-- @query catalog
DELETE FROM category_paths
WHERE descendant IN (SELECT descendant FROM category_paths WHERE ancestor = 12)
  AND ancestor IN (SELECT ancestor FROM category_paths WHERE descendant = 12 AND ancestor <> 12)
-- @query catalog
INSERT INTO category_paths (ancestor, descendant, depth)
SELECT above.ancestor, below.descendant, above.depth + below.depth + 1
FROM category_paths AS above JOIN category_paths AS below ON below.ancestor = 12
WHERE above.descendant = 2
RETURNING ancestor, descendant
