-- SQLite has no policy to change: nothing changes here.
SELECT 1;
