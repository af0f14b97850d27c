-- The same subtree from the closure table: every row whose ancestor is 2.
-- @query catalog
SELECT c.id, c.name
FROM category_paths AS p JOIN categories AS c ON c.id = p.descendant
WHERE p.ancestor = 2
ORDER BY c.id
