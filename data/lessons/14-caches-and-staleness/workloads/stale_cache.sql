-- A reader writes a reply to post 7, then asks the cache.  Every run
-- starts from the same data: the first step removes a reply an earlier,
-- interrupted run may have left, and the last step takes this one back.
-- @query community
DELETE FROM comments WHERE id = 900001
-- @query community
INSERT INTO comments (id, post_id, user_id, body, created_at)
VALUES (900001, 7, 1, 'A reply written after the cache was filled', '2025-06-01 12:00:00')
-- @query cache
-- Take the reply back, and return post 7 only if the cache's count
-- differs from a live count (both read before the delete): one row
-- means the cache missed the write.
DELETE FROM comments
WHERE id = 900001
  AND (SELECT replies FROM reply_counts WHERE post_id = 7)
      <> (SELECT count(*) FROM comments WHERE post_id = 7)
RETURNING post_id
