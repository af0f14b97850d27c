-- Each tenant may read and write only its own notes.  The application
-- names the tenant for its session in the setting app.tenant.
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON notes
    USING (tenant_id = current_setting('app.tenant')::integer);
