-- An event log partitioned by month: the parent holds no rows of its own,
-- each row goes to the partition whose range holds its day.  The primary
-- key includes happened_on because PostgreSQL demands it (see migration 003).
CREATE TABLE events (
    id bigint NOT NULL,
    happened_on date NOT NULL,
    kind text NOT NULL,
    detail text NOT NULL,
    PRIMARY KEY (id, happened_on)
) PARTITION BY RANGE (happened_on);
CREATE TABLE events_2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE events_2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
CREATE TABLE events_2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE events_2024_04 PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');
CREATE TABLE events_2024_05 PARTITION OF events FOR VALUES FROM ('2024-05-01') TO ('2024-06-01');
CREATE TABLE events_2024_06 PARTITION OF events FOR VALUES FROM ('2024-06-01') TO ('2024-07-01');
CREATE TABLE events_2024_07 PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2024-08-01');
CREATE TABLE events_2024_08 PARTITION OF events FOR VALUES FROM ('2024-08-01') TO ('2024-09-01');
CREATE TABLE events_2024_09 PARTITION OF events FOR VALUES FROM ('2024-09-01') TO ('2024-10-01');
CREATE TABLE events_2024_10 PARTITION OF events FOR VALUES FROM ('2024-10-01') TO ('2024-11-01');
CREATE TABLE events_2024_11 PARTITION OF events FOR VALUES FROM ('2024-11-01') TO ('2024-12-01');
CREATE TABLE events_2024_12 PARTITION OF events FOR VALUES FROM ('2024-12-01') TO ('2025-01-01');
-- Support tickets, each naming the event it is about by id and by day.
CREATE TABLE tickets (
    id integer PRIMARY KEY,
    event_id bigint NOT NULL,
    event_on date NOT NULL
);
