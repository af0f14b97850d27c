-- The migration every model applies to all its tenants: here, once.
ALTER TABLE accounts ADD COLUMN note text;
