-- The same 1,000 lookups by id and day: the day names one month.
-- @query events
SELECT count((SELECT e.kind FROM events e WHERE e.id = t.event_id AND e.happened_on = t.event_on)) AS found
FROM tickets t
