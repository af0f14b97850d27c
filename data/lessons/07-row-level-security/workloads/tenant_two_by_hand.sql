-- Tenant 2's notes, filtered by a WHERE the application writes itself.
-- @query notes
SELECT id FROM notes WHERE tenant_id = 2 ORDER BY id
