-- The 50 newest posts, each with its author and how many replies it has.
-- @query community
SELECT p.id, p.title, u.username,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS replies
FROM posts p
JOIN users u ON u.id = p.user_id
ORDER BY p.created_at DESC, p.id DESC
LIMIT 50
