-- A log of what happened in the shop, with one entry to start with.
CREATE TABLE audit_log (
    id   integer PRIMARY KEY,
    note text NOT NULL
);
INSERT INTO audit_log (id, note) VALUES (1, 'shop opened');
