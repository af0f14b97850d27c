-- A plain REFRESH on the cache's connection, its transaction left open
-- (it ends when the connection closes, and is rolled back then), and a
-- reader of the view on another connection.  The reader gives up after
-- 200 ms of waiting instead of waiting for good.
-- @query cache
-- Left open: the transaction ends, rolled back, when the connection closes.
BEGIN
-- @query cache
REFRESH MATERIALIZED VIEW reply_counts
-- @query community
-- Wait at most 200 ms for a lock, then give up with an error.
SET lock_timeout = '200ms'
-- @query community
SELECT post_id, replies
FROM reply_counts
ORDER BY replies DESC, post_id DESC
LIMIT 10
