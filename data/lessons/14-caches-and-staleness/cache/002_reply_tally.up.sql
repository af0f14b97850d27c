-- The second cache, the same counts in a plain table, filled once here.
-- Migration 004 adds what keeps it current; until then it is as blind to
-- new replies as reply_counts.
CREATE TABLE reply_tally (
    post_id integer PRIMARY KEY REFERENCES posts (id),
    replies integer NOT NULL
);

INSERT INTO reply_tally (post_id, replies)
SELECT post_id, count(*)
FROM comments
GROUP BY post_id;
