-- Bank A's accounts.  No balance goes below 0 or above 1000: the cap is
-- what refuses a credit in the lesson's demo, a failure the engine makes.
CREATE TABLE accounts (
    owner   text PRIMARY KEY,
    balance integer NOT NULL CHECK (balance BETWEEN 0 AND 1000)
);
INSERT INTO accounts (owner, balance) VALUES ('alice', 500);
