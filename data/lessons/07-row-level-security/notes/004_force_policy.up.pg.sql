-- The table's owner is bound by the policy too, from now on.
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
