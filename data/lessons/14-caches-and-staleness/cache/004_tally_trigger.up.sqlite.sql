-- Keep the tally current: triggers on comments add one to a post's tally
-- for every reply written and take one away for every reply deleted, in
-- the same transaction as the write.  The tally is counted again first,
-- since writes may have passed it by since it was filled.
DELETE FROM reply_tally;

INSERT INTO reply_tally (post_id, replies)
SELECT post_id, count(*)
FROM comments
GROUP BY post_id;

CREATE TRIGGER reply_tally_on_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO reply_tally (post_id, replies) VALUES (NEW.post_id, 1)
    ON CONFLICT (post_id) DO UPDATE SET replies = replies + 1;
END;

CREATE TRIGGER reply_tally_on_delete AFTER DELETE ON comments
BEGIN
    UPDATE reply_tally SET replies = replies - 1 WHERE post_id = OLD.post_id;
END;
