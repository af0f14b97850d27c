-- SQLite has no partitions: the stand-in is a table per month, each with a
-- CHECK that keeps its rows inside its month, and a view that puts them
-- together with UNION ALL.  Nothing routes a new row to its month's table:
-- the application must name that table itself.
CREATE TABLE events_2024_01 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-01-01' AND happened_on < '2024-02-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_02 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-02-01' AND happened_on < '2024-03-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_03 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-03-01' AND happened_on < '2024-04-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_04 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-04-01' AND happened_on < '2024-05-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_05 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-05-01' AND happened_on < '2024-06-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_06 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-06-01' AND happened_on < '2024-07-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_07 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-07-01' AND happened_on < '2024-08-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_08 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-08-01' AND happened_on < '2024-09-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_09 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-09-01' AND happened_on < '2024-10-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_10 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-10-01' AND happened_on < '2024-11-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_11 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-11-01' AND happened_on < '2024-12-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE TABLE events_2024_12 (
    id integer NOT NULL,
    happened_on text NOT NULL CHECK (happened_on >= '2024-12-01' AND happened_on < '2025-01-01'),
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
);
CREATE VIEW events AS
    SELECT id, happened_on, kind, detail FROM events_2024_01
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_02
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_03
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_04
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_05
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_06
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_07
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_08
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_09
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_10
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_11
    UNION ALL SELECT id, happened_on, kind, detail FROM events_2024_12;
-- Support tickets, each naming the event it is about by id and by day.
CREATE TABLE tickets (
    id integer PRIMARY KEY,
    event_id integer NOT NULL,
    event_on text NOT NULL
);
