-- Bank B's accounts, capped like bank A's: bob is close to the cap, so a
-- credit of 100 to him is refused; carol has room.
CREATE TABLE accounts (
    owner   text PRIMARY KEY,
    balance integer NOT NULL CHECK (balance BETWEEN 0 AND 1000)
);
INSERT INTO accounts (owner, balance) VALUES ('bob', 950), ('carol', 200);
