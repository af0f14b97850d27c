-- 3000 notes, a thousand for each of the tenants 1, 2 and 3.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO notes (id, tenant_id, body)
SELECT i, 1 + i % 3, 'note ' || i FROM n;
