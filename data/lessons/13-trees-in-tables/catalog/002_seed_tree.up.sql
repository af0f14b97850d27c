-- 100,000 categories, ten children each, numbered level by level: the root
-- is 1, its children 2 to 11, the children of 2 are 12 to 21, and so on, so
-- the parent of n is (n + 8) / 10 in whole numbers.  Five levels are full;
-- the sixth holds the rest.  Generated inside the engine: a recursive
-- common table expression counts on both engines.
INSERT INTO categories (id, parent_id, name)
SELECT id, CASE WHEN id = 1 THEN NULL ELSE (id + 8) / 10 END, 'category ' || id
FROM (
    WITH RECURSIVE counter (id) AS (
        SELECT 1
        UNION ALL
        SELECT id + 1 FROM counter WHERE id < 100000
    )
    SELECT id FROM counter
) AS numbers;
