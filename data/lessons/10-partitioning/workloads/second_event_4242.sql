-- A second event numbered 4242, on 25 December, written straight into
-- December's table (PostgreSQL accepts a partition's name too), then taken
-- out again.  A run cut short before its last step would leave the row
-- behind; the first step takes it out, so the next run starts clean.
-- @query events
DELETE FROM events_2024_12 WHERE id = 4242
-- @query events
INSERT INTO events_2024_12 (id, happened_on, kind, detail) VALUES (4242, '2024-12-25', 'order', 'a second event 4242')
-- @query events
DELETE FROM events_2024_12 WHERE id = 4242 RETURNING id, happened_on
