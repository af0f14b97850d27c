-- A burst of writes: 5,000 replies spread over 5,000 posts, then deleted
-- again.  With a trigger on comments, each of the 10,000 changed rows also
-- changes the post's row in reply_tally.  The first step removes what an
-- interrupted run may have left.
-- @query community
DELETE FROM comments WHERE id BETWEEN 800001 AND 805000
-- @query community
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO comments (id, post_id, user_id, body, created_at)
SELECT 800000 + i, 1 + (i * 37) % 20000, 1 + i % 5000, 'A burst reply', '2025-06-02 08:00:00'
FROM n
-- @query community
DELETE FROM comments WHERE id BETWEEN 800001 AND 805000
