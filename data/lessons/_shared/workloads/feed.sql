-- The 50 newest posts, each with its author and how many replies it has.
-- The newest 50 are picked first, so replies are counted for 50 posts only.
-- @query community
SELECT p.id, p.title, u.username,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS replies
FROM (SELECT id, title, user_id, created_at FROM posts
      ORDER BY created_at DESC, id DESC LIMIT 50) AS p
JOIN users u ON u.id = p.user_id
ORDER BY p.created_at DESC, p.id DESC
