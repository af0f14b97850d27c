-- One table that every customer (tenant) shares: each note says whose it is.
CREATE TABLE notes (
    id        integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    body      text NOT NULL
);
CREATE INDEX notes_by_tenant ON notes (tenant_id);
