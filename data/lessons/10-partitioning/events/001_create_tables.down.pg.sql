-- Dropping the partitioned table drops its partitions with it.
DROP TABLE tickets;
DROP TABLE events;
