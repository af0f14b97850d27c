-- January's partition taken out of the table whole, inside a transaction
-- that is rolled back, so every timed run finds it attached again.
-- @query events
BEGIN
-- @query events
ALTER TABLE events DETACH PARTITION events_2024_01
-- @query events
ROLLBACK
