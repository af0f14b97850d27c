-- One id, one event: a unique constraint on id alone.
ALTER TABLE events ADD CONSTRAINT events_id_key UNIQUE (id);
