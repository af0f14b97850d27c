-- The closure table: one row for every (ancestor, descendant) pair, a
-- category being its own ancestor at depth 0.  A subtree is then the rows
-- of one ancestor, read through the primary key.
CREATE TABLE category_paths (
    ancestor integer NOT NULL,
    descendant integer NOT NULL,
    depth integer NOT NULL,
    PRIMARY KEY (ancestor, descendant)
);
-- Moving a branch asks the other way round: whose ancestors are these?
CREATE INDEX category_paths_descendant_idx ON category_paths (descendant);
-- Filled from the adjacency list: walk from every category up to the root.
INSERT INTO category_paths (ancestor, descendant, depth)
SELECT ancestor, descendant, depth
FROM (
    WITH RECURSIVE up (ancestor, descendant, depth) AS (
        SELECT id, id, 0 FROM categories
        UNION ALL
        SELECT c.parent_id, up.descendant, up.depth + 1
        FROM up JOIN categories AS c ON c.id = up.ancestor
        WHERE c.parent_id IS NOT NULL
    )
    SELECT ancestor, descendant, depth FROM up
) AS paths;
