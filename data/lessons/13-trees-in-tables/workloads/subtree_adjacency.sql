-- Category 2 and everything below it, from the adjacency list: the
-- recursive query finds the children, then their children, level by level.
-- @query catalog
WITH RECURSIVE subtree (id) AS (
    SELECT 2
    UNION ALL
    SELECT c.id FROM categories AS c JOIN subtree ON c.parent_id = subtree.id
)
SELECT c.id, c.name FROM categories AS c JOIN subtree ON subtree.id = c.id
ORDER BY c.id
