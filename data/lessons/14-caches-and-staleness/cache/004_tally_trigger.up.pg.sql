-- Keep the tally current: a trigger on comments adds one to a post's
-- tally for every reply written and takes one away for every reply
-- deleted, in the same transaction as the write.  The tally is counted
-- again first, since writes may have passed it by since it was filled.
DELETE FROM reply_tally;

INSERT INTO reply_tally (post_id, replies)
SELECT post_id, count(*)
FROM comments
GROUP BY post_id;

CREATE FUNCTION reply_tally_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO reply_tally AS t (post_id, replies) VALUES (NEW.post_id, 1)
        ON CONFLICT (post_id) DO UPDATE SET replies = t.replies + 1;
    ELSE
        UPDATE reply_tally SET replies = replies - 1 WHERE post_id = OLD.post_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER reply_tally_follows
AFTER INSERT OR DELETE ON comments
FOR EACH ROW EXECUTE FUNCTION reply_tally_follow();
