-- 1200 users; the first 200 have never ordered, so they can be deleted.
-- The other 1000 hold 20 orders each: 20000 orders to look through.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO users (id, name)
SELECT i, 'user ' || i FROM n WHERE i <= 1200;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO orders (id, user_id, total)
SELECT i, 201 + i % 1000, i % 97 FROM n;
