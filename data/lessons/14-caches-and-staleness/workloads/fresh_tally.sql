-- The same write and the same question, asked of the tally.  Where the
-- tally counted the reply (with the triggers of migration 004) the last
-- step leaves the reply in place, counted; the next run's first step
-- takes it away, and the triggers take it off the tally too.
-- @query community
DELETE FROM comments WHERE id = 900002
-- @query community
INSERT INTO comments (id, post_id, user_id, body, created_at)
VALUES (900002, 7, 1, 'A reply written after the tally was filled', '2025-06-01 12:00:00')
-- @query cache
-- Take the reply back, and return post 7, only if the tally's count
-- differs from a live count (both read before the delete): one row
-- means the tally missed the write.
DELETE FROM comments
WHERE id = 900002
  AND (SELECT replies FROM reply_tally WHERE post_id = 7)
      <> (SELECT count(*) FROM comments WHERE post_id = 7)
RETURNING post_id
