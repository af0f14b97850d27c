-- The ten most-discussed posts, counted from the replies themselves:
-- every one of the 50,000 comments is read and grouped, whatever index
-- there is, because every post's count is needed to find the top ten.
-- @query community
SELECT post_id, count(*) AS replies
FROM comments
GROUP BY post_id
ORDER BY replies DESC, post_id DESC
LIMIT 10
