-- The same question the way a loop in the application often asks it: one
-- query for the ids of the 100 newest posts, then one query per post for
-- its title, author and reply count.  The rows, and their order, are the
-- same as feed.sql's; only the number of queries differs.
-- @query community
SELECT id FROM posts ORDER BY id DESC LIMIT 100
-- @query community each
SELECT p.id, p.title, u.username,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS replies
FROM posts p
JOIN users u ON u.id = p.user_id
WHERE p.id = :id
