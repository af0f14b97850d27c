-- The same 96,000 events and 1,000 tickets as on PostgreSQL: event i
-- happened i % 366 days after 1 January 2024.  The view takes no rows, so
-- each month's table is filled on its own, from its days (d) and the
-- numbers k with k * 366 + day in 1..96000.
WITH RECURSIVE d(day, on_day) AS (SELECT 0, date('2024-01-01', '+0 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 30),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_01 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 31, date('2024-01-01', '+31 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 59),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_02 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 60, date('2024-01-01', '+60 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 90),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_03 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 91, date('2024-01-01', '+91 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 120),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_04 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 121, date('2024-01-01', '+121 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 151),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_05 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 152, date('2024-01-01', '+152 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 181),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_06 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 182, date('2024-01-01', '+182 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 212),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_07 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 213, date('2024-01-01', '+213 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 243),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_08 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 244, date('2024-01-01', '+244 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 273),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_09 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 274, date('2024-01-01', '+274 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 304),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_10 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 305, date('2024-01-01', '+305 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 334),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_11 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE d(day, on_day) AS (SELECT 335, date('2024-01-01', '+335 days')
    UNION ALL SELECT day + 1, date(on_day, '+1 day') FROM d WHERE day < 365),
  k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 262)
INSERT INTO events_2024_12 (id, happened_on, kind, detail)
SELECT i, on_day, CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'login' WHEN 2 THEN 'order' ELSE 'search' END, 'event ' || i
FROM (SELECT n * 366 + day AS i, on_day FROM d, k) WHERE i BETWEEN 1 AND 96000;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO tickets (id, event_id, event_on)
SELECT i, i * 47, date('2024-01-01', '+' || (i * 47 % 366) || ' days') FROM n;
