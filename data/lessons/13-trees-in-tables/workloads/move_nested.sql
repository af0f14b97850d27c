-- The same move in the nested sets.  Category 12's numbers (l to r) become
-- those that start just inside 3 (t), and every category between the old
-- place and the new one (lo to hi) shifts by the branch's width: one
-- statement, but it rewrites each of those rows.  Then the same back to the
-- first place under 2, where the walk had put it.
-- @query catalog
UPDATE nested_categories
SET lft = lft + CASE
        WHEN lft BETWEEN m.l AND m.r THEN m.t - CASE WHEN m.t > m.r THEN m.r + 1 ELSE m.l END
        WHEN lft BETWEEN m.lo AND m.hi THEN CASE WHEN m.t > m.r THEN m.l - m.r - 1 ELSE m.r - m.l + 1 END
        ELSE 0 END,
    rgt = rgt + CASE
        WHEN rgt BETWEEN m.l AND m.r THEN m.t - CASE WHEN m.t > m.r THEN m.r + 1 ELSE m.l END
        WHEN rgt BETWEEN m.lo AND m.hi THEN CASE WHEN m.t > m.r THEN m.l - m.r - 1 ELSE m.r - m.l + 1 END
        ELSE 0 END
FROM (SELECT b.lft AS l, b.rgt AS r, p.lft + 1 AS t,
             CASE WHEN p.lft + 1 < b.lft THEN p.lft + 1 ELSE b.lft END AS lo,
             CASE WHEN p.lft + 1 > b.rgt THEN p.lft ELSE b.rgt END AS hi
      FROM nested_categories AS b, nested_categories AS p
      WHERE b.id = 12 AND p.id = 3) AS m
WHERE nested_categories.lft BETWEEN m.lo AND m.hi
   OR nested_categories.rgt BETWEEN m.lo AND m.hi
-- @query catalog
UPDATE nested_categories
SET lft = lft + CASE
        WHEN lft BETWEEN m.l AND m.r THEN m.t - CASE WHEN m.t > m.r THEN m.r + 1 ELSE m.l END
        WHEN lft BETWEEN m.lo AND m.hi THEN CASE WHEN m.t > m.r THEN m.l - m.r - 1 ELSE m.r - m.l + 1 END
        ELSE 0 END,
    rgt = rgt + CASE
        WHEN rgt BETWEEN m.l AND m.r THEN m.t - CASE WHEN m.t > m.r THEN m.r + 1 ELSE m.l END
        WHEN rgt BETWEEN m.lo AND m.hi THEN CASE WHEN m.t > m.r THEN m.l - m.r - 1 ELSE m.r - m.l + 1 END
        ELSE 0 END
FROM (SELECT b.lft AS l, b.rgt AS r, p.lft + 1 AS t,
             CASE WHEN p.lft + 1 < b.lft THEN p.lft + 1 ELSE b.lft END AS lo,
             CASE WHEN p.lft + 1 > b.rgt THEN p.lft ELSE b.rgt END AS hi
      FROM nested_categories AS b, nested_categories AS p
      WHERE b.id = 12 AND p.id = 2) AS m
WHERE nested_categories.lft BETWEEN m.lo AND m.hi
   OR nested_categories.rgt BETWEEN m.lo AND m.hi
