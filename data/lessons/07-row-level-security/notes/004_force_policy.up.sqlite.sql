-- SQLite has no policy to force: nothing changes here.
SELECT 1;
