-- The same subtree from the nested sets: one range of lft values.
-- @query catalog
SELECT n.id, n.name
FROM nested_categories AS top JOIN nested_categories AS n
    ON n.lft BETWEEN top.lft AND top.rgt
WHERE top.id = 2
ORDER BY n.id
