-- One id, one event: a unique index on id, asked of the view that holds
-- every month.
CREATE UNIQUE INDEX events_id_key ON events (id);
