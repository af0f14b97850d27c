DROP VIEW tenant_notes;
DROP TABLE current_tenant;
