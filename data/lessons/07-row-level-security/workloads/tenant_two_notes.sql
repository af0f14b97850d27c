-- How the application reads: it names the tenant for its session, then
-- asks for the notes without a WHERE of its own.  SQLite has no SET.
-- @query notes
SET app.tenant = '2'
-- @query notes
SELECT id FROM notes ORDER BY id
