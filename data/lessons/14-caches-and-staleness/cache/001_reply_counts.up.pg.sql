-- The cache: every post's number of replies, counted once and stored.
-- A materialized view keeps the rows its query returned when it was made
-- (or last refreshed); it does not follow later writes to comments.
CREATE MATERIALIZED VIEW reply_counts AS
SELECT post_id, count(*) AS replies
FROM comments
GROUP BY post_id;

-- The most-discussed posts are read from the top of this index.
CREATE INDEX reply_counts_top_idx ON reply_counts (replies, post_id);
