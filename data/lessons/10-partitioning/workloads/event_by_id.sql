-- One event by its id alone; it happened on 4 August.
-- @query events
SELECT id, happened_on, kind FROM events WHERE id = 4242
