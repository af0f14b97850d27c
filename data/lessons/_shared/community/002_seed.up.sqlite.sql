-- 5,000 users, 20,000 posts, 50,000 comments, made by the engine itself.
-- SQLite has no generate_series in the library: a recursive CTE counts.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO users (id, username, email, created_at)
SELECT i, 'user' || i, 'user' || i || '@example.org',
       datetime('2025-01-01', '+' || (i * 7) || ' minutes')
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO posts (id, user_id, title, body, created_at)
SELECT i, 1 + (i * 7919) % 5000, 'Post number ' || i,
       'Body of post ' || i || ', written for the lesson.',
       datetime('2025-02-01', '+' || (i * 3) || ' minutes')
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO comments (id, post_id, user_id, body, created_at)
SELECT i, 1 + (i * 4729) % 20000, 1 + (i * 31) % 5000, 'Reply ' || i,
       datetime('2025-03-01', '+' || i || ' minutes')
FROM n;
