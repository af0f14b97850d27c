-- 96,000 events, one day of 2024 after another (262 a day), and 1,000
-- tickets pointing at some of them.  Each row lands in its month's partition.
INSERT INTO events (id, happened_on, kind, detail)
SELECT g, date '2024-01-01' + g % 366, CASE g % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || g
FROM generate_series(1, 96000) AS g;
INSERT INTO tickets (id, event_id, event_on)
SELECT g, g * 47, date '2024-01-01' + g * 47 % 366 FROM generate_series(1, 1000) AS g;
ANALYZE events;
ANALYZE tickets;
