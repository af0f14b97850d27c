-- The notes, read by a session that never named a tenant.
-- @query notes
SELECT id FROM notes ORDER BY id
