-- An event of January 2025, a month no partition or table was made for.
-- @query events
INSERT INTO events (id, happened_on, kind, detail) VALUES (900001, '2025-01-15', 'signup', 'event 900001')
