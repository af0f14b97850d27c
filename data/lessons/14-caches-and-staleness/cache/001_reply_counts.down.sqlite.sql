DROP TABLE reply_counts;
