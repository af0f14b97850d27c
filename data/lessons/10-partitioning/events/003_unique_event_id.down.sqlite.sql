DROP INDEX events_id_key;
