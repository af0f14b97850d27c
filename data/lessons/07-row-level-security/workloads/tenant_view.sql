-- SQLite's stand-in: the notes through the view that filters on the
-- tenant kept in current_tenant.  PostgreSQL has no such view here.
-- @query notes
SELECT id FROM tenant_notes ORDER BY id
