-- Tenant 2 writes a note that says it belongs to tenant 3, then takes it
-- out again.  A run cut short between the insert and the delete would
-- leave note 9001 behind; the first delete takes it out, so the next run
-- starts clean.
-- @query notes
SET app.tenant = '2'
-- @query notes
DELETE FROM notes WHERE id = 9001
-- @query notes
INSERT INTO notes (id, tenant_id, body) VALUES (9001, 3, 'written by tenant 2')
-- @query notes
DELETE FROM notes WHERE id = 9001 RETURNING id
