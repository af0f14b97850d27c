-- Each tenant's app on its own connection, search_path set as it
-- connects: each reads its own note.
-- @query tenant_a
SELECT owner, body FROM notes
-- @query tenant_b
SELECT owner, body FROM notes
