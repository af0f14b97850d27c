ALTER POLICY tenant_rows ON notes
    USING (tenant_id = current_setting('app.tenant')::integer);
