-- SQLite has no materialized view.  Its stand-in is a plain table filled
-- by one INSERT ... SELECT: the same rows, and just as blind to later
-- writes until someone fills it again by hand.
CREATE TABLE reply_counts (
    post_id integer NOT NULL,
    replies integer NOT NULL
);

INSERT INTO reply_counts (post_id, replies)
SELECT post_id, count(*)
FROM comments
GROUP BY post_id;

-- The most-discussed posts are read from the top of this index.
CREATE INDEX reply_counts_top_idx ON reply_counts (replies, post_id);
