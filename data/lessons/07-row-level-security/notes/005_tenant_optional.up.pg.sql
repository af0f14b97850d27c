-- The same policy, asking for app.tenant with missing_ok = true: a
-- session that never named a tenant gets NULL, and so no rows.
ALTER POLICY tenant_rows ON notes
    USING (tenant_id = current_setting('app.tenant', true)::integer);
