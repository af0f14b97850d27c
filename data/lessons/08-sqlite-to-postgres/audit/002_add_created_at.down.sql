ALTER TABLE audit_log DROP COLUMN created_at;
