DROP TABLE accounts;
DROP TABLE tenants;
