-- The coordinator's users: partitioned by a hash of the id.  The demo
-- adds one partition per shard, each a foreign table on that shard.
CREATE TABLE users (
    id integer NOT NULL,
    name text NOT NULL,
    referred_by integer
) PARTITION BY HASH (id);
