-- The tally stays, filled as the triggers left it.
DROP TRIGGER reply_tally_on_delete;
DROP TRIGGER reply_tally_on_insert;
