-- Every entry gets the moment it was written, existing ones included.
ALTER TABLE audit_log ADD COLUMN created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP;
