-- The shared-table model: every tenant's rows in one pair of tables,
-- told apart by tenant_id.
CREATE TABLE tenants (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE accounts (
    tenant_id integer NOT NULL REFERENCES tenants (id),
    id integer NOT NULL,
    name text NOT NULL,
    plan text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
