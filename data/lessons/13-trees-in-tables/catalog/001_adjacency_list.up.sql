-- The adjacency list: each category names its parent, and only its parent.
CREATE TABLE categories (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES categories (id),
    name text NOT NULL
);
-- Finding a category's children is then one index lookup.
CREATE INDEX categories_parent_id_idx ON categories (parent_id);
