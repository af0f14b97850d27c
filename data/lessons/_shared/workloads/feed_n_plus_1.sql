-- The same feed the way a naive ORM loop fetches it: one query for the
-- posts, then one more per post for its author.
-- @query community
SELECT p.user_id, p.id, p.title
FROM posts p
ORDER BY p.created_at DESC, p.id DESC
LIMIT 50
-- @query community each
SELECT id, username FROM users WHERE id = :id
