-- One id, one event: a unique index on id, asked of the events view.
CREATE UNIQUE INDEX events_id_key ON events (id);
