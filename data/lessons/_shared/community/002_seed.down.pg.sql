-- TRUNCATE empties the tables at once; DELETE would check every removed
-- user against the rows that point at it.
TRUNCATE comments, posts, users;
