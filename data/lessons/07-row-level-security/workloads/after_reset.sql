-- A session that named a tenant and then reset the setting, as a pooled
-- connection is reset before the next client gets it.
-- @query notes
SET app.tenant = '2'
-- @query notes
RESET app.tenant
-- @query notes
SELECT id FROM notes ORDER BY id
