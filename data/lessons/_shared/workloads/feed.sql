-- The 100 newest posts, each with its title, its author and how many
-- replies it has, in one query: the engine does the join and the counts.
-- Posts are numbered in the order they were written, so the newest are
-- the highest ids (the primary key finds them without sorting the table).
-- @query community
SELECT p.id, p.title, u.username,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id) AS replies
FROM (SELECT id, title, user_id FROM posts ORDER BY id DESC LIMIT 100) AS p
JOIN users u ON u.id = p.user_id
ORDER BY p.id DESC
