-- The books application keeps its own readers, in a table it calls users.
CREATE TABLE books (
    id     integer PRIMARY KEY,
    title  text NOT NULL,
    author text NOT NULL
);
CREATE TABLE users (
    id           integer PRIMARY KEY,
    name         text NOT NULL,
    library_card text NOT NULL UNIQUE
);
