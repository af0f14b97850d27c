ALTER TABLE events DROP CONSTRAINT events_id_key;
