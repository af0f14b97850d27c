-- The event behind each of the 1,000 tickets, looked up by id alone.
-- @query events
SELECT count((SELECT e.kind FROM events e WHERE e.id = t.event_id)) AS found FROM tickets t
