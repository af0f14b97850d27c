DROP INDEX orders_buyer_id_idx;
