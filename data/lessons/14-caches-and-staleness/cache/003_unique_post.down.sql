DROP INDEX reply_counts_post_id_idx;
