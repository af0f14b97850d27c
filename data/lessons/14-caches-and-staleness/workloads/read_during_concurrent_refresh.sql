-- The same with REFRESH ... CONCURRENTLY: it builds the new result beside
-- the old rows and needs a unique index on the view to match them.  The
-- reader on the other connection again gives up after 200 ms of waiting.
-- @query cache
-- Left open: the transaction ends, rolled back, when the connection closes.
BEGIN
-- @query cache
REFRESH MATERIALIZED VIEW CONCURRENTLY reply_counts
-- @query community
-- Wait at most 200 ms for a lock, then give up with an error.
SET lock_timeout = '200ms'
-- @query community
SELECT post_id, replies
FROM reply_counts
ORDER BY replies DESC, post_id DESC
LIMIT 10
