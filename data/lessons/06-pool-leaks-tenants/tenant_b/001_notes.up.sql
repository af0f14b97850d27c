-- Tenant b's notes, one to start with: whoever reads it knows whose it is.
CREATE TABLE notes (
    id    integer PRIMARY KEY,
    owner text NOT NULL,
    body  text NOT NULL
);
INSERT INTO notes (id, owner, body) VALUES (1, 'tenant b', 'only tenant b may read this');
