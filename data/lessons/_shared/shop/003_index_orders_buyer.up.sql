CREATE INDEX orders_buyer_id_idx ON orders (buyer_id);
