-- Nested sets: a walk round the tree numbers each category on the way in
-- (lft) and on the way out (rgt), so a subtree is every category whose lft
-- lies between its root's lft and rgt.  Only lft is indexed: that is what a
-- subtree reads, and every index is one more to rewrite when numbers shift.
-- The numbers are not unique while a statement shifts them: a plain index.
CREATE TABLE nested_categories (
    id integer PRIMARY KEY,
    name text NOT NULL,
    lft integer NOT NULL,
    rgt integer NOT NULL
);
CREATE INDEX nested_categories_lft_idx ON nested_categories (lft);
-- The walk's order is the order of a path of fixed-width ids from the root
-- (a prefix sorts before what extends it).  A category reached as the
-- pre-th, at depth d, is entered at 2 * pre - 1 - d and left 2 * size - 1
-- later, size counting it and its descendants (from the closure table).
INSERT INTO nested_categories (id, name, lft, rgt)
SELECT w.id, c.name, 2 * w.pre - 1 - w.depth, 2 * w.pre - 2 - w.depth + 2 * s.size
FROM (
    WITH RECURSIVE walk (id, depth, path) AS (
        SELECT id, 0, CAST(1000000 + id AS text) FROM categories WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, walk.depth + 1, walk.path || CAST(1000000 + c.id AS text)
        FROM walk JOIN categories AS c ON c.parent_id = walk.id
    )
    SELECT id, depth, ROW_NUMBER() OVER (ORDER BY path) AS pre FROM walk
) AS w
JOIN categories AS c ON c.id = w.id
JOIN (SELECT ancestor, count(*) AS size FROM category_paths GROUP BY ancestor) AS s
    ON s.ancestor = w.id;
