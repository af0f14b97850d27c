-- One row per post, said to the engine: REFRESH MATERIALIZED VIEW
-- CONCURRENTLY needs such an index to match old rows with new ones.
CREATE UNIQUE INDEX reply_counts_post_id_idx ON reply_counts (post_id);
