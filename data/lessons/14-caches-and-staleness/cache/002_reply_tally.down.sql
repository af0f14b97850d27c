DROP TABLE reply_tally;
