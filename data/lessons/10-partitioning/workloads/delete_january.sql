-- January's events removed row by row, inside a transaction that is
-- rolled back, so every timed run finds the rows back in place.
-- @query events
BEGIN
-- @query events
DELETE FROM events WHERE happened_on < '2024-02-01'
-- @query events
ROLLBACK
