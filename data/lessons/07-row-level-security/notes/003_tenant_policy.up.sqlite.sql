-- SQLite has neither row-level security nor session settings.  Its
-- stand-in: the tenant in a one-row table, and a view that shows only
-- that tenant's notes.  The view filters; it does not protect.
CREATE TABLE current_tenant (tenant_id integer NOT NULL);
INSERT INTO current_tenant (tenant_id) VALUES (2);
CREATE VIEW tenant_notes AS
    SELECT id, tenant_id, body FROM notes
    WHERE tenant_id = (SELECT tenant_id FROM current_tenant);
