-- The same ten posts read from the cache: the counts were made earlier,
-- and reply_counts_top_idx hands over the top ten rows directly.
-- @query cache
SELECT post_id, replies
FROM reply_counts
ORDER BY replies DESC, post_id DESC
LIMIT 10
