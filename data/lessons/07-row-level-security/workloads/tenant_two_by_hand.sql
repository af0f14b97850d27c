-- Tenant 2's notes with a WHERE the application writes itself, in a
-- session that names the tenant as the application does.  Timed before
-- and after FORCE, it shows what the policy adds to the same read.
-- @query notes
SET app.tenant = '2'
-- @query notes
SELECT id FROM notes WHERE tenant_id = 2 ORDER BY id
