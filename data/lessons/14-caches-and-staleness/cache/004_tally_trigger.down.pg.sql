-- The tally stays, filled as the trigger left it.
DROP TRIGGER reply_tally_follows ON comments;
DROP FUNCTION reply_tally_follow();
