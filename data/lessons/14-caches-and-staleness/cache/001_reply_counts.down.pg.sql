-- The view's indexes go with it.
DROP MATERIALIZED VIEW reply_counts;
