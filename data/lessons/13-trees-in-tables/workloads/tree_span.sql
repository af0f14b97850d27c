-- The walk enters the root first and leaves it last, so the root's lft and
-- rgt span two numbers for every category: one row here when the tree has
-- 100,000 categories and the root runs from 1 to 200,000, none otherwise.
-- @query catalog
SELECT id, lft, rgt FROM nested_categories
WHERE lft = 1 AND rgt = 200000 AND (SELECT count(*) FROM categories) = 100000
